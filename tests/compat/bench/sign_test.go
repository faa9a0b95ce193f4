package bench

import (
	"net/http"
	"testing"
	"time"
)

// The vectors are the official SDK v1's wire captures in the protocol reference (key "ak",
// secret "sk").
func TestSignV1(t *testing.T) {
	date, err := time.Parse(http.TimeFormat, "Sun, 22 Nov 2026 06:15:13 GMT")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, method, ctype, resource, want string
	}{
		{"upload part", "PUT", "", "/sdkbkt/mp/obj.bin?partNumber=3&uploadId=e0e263e1e126fdacb07fe1b59977d100", "OSS ak:cnsNI/OH6DxYoEfe6jDNT+4ck/g="},
		{"complete", "POST", "", "/sdkbkt/mp/obj.bin?uploadId=e0e263e1e126fdacb07fe1b59977d100", "OSS ak:2PQDrBHbQqcu786jJ0dxxZpkY8g="},
		{"put with a content type", "PUT", "text/plain", "/sdkbkt/small.txt", "OSS ak:aNHAeuusBE3LJcZTC9fe3YOCQFE="},
		{"head", "HEAD", "", "/sdkbkt/small.txt", "OSS ak:ik0qshD/6Zqt0bTdixSbdkyVlcU="},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			if c.ctype != "" {
				h.Set("Content-Type", c.ctype)
			}
			signV1(h, c.method, c.resource, "ak", "sk", date)
			if got := h.Get("Authorization"); got != c.want {
				t.Errorf("Authorization %q, want %q", got, c.want)
			}
			if got := h.Get("Date"); got != "Sun, 22 Nov 2026 06:15:13 GMT" {
				t.Errorf("Date %q", got)
			}
		})
	}
}
