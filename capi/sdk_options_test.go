package main

import "testing"

// The C SDK's own mappings, which live in its translator and nowhere in the core.

func TestSDKThreads(t *testing.T) {
	for in, want := range map[int]int{0: 1, -3: 1, 1: 1, 1024: 1024, 1025: 1, 7: 7} {
		if got := sdkThreads(in); got != want {
			t.Errorf("sdkThreads(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestSDKPartSize(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{-5, 0}, {0, 0}, {1, 100 << 10}, {100<<10 - 1, 100 << 10}, {100 << 10, 100 << 10}, {8 << 20, 8 << 20},
	} {
		if got := sdkPartSize(tc.in); got != tc.want {
			t.Errorf("sdkPartSize(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestProxyURL(t *testing.T) {
	for _, tc := range []struct{ host, auth, want string }{
		{"127.0.0.1:3128", "", "http://127.0.0.1:3128"},
		{"proxy.local:8080", "u:p", "http://u:p@proxy.local:8080"},
		{"https://proxy.local", "u:p", "https://u:p@proxy.local"},
	} {
		if got := proxyURL(tc.host, tc.auth); got != tc.want {
			t.Errorf("proxyURL(%q, %q) = %q, want %q", tc.host, tc.auth, got, tc.want)
		}
	}
}
