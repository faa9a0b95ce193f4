package oss_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// remotes returns the distinct client address:ports of srv's request log: one per connection.
func remotes(srv *ossemu.Server) map[string]bool {
	m := map[string]bool{}
	for _, r := range srv.Requests() {
		m[r.Remote] = true
	}
	return m
}

// Clients made and closed one after another on one SharedTransport use one connection; the
// transport's CloseIdleConnections ends it, and the next client dials anew.
func TestSharedTransportReusedAcrossClients(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	cfg := oss.Config{Endpoint: srv.URL(), Region: testRegion,
		Credentials: oss.StaticCredentials(testID, testSecret, "")}
	st, err := oss.NewSharedTransport(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.CloseIdleConnections)
	put := func(key string) {
		t.Helper()
		c, err := oss.NewShared(cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		body := []byte("shared " + key)
		if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: key,
			Body: bytes.NewReader(body), Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		put("shared/" + string(rune('a'+i)))
	}
	first := remotes(srv)
	if len(first) != 1 || first[""] {
		t.Fatalf("5 clients on one shared transport used connections %v, want one", first)
	}
	st.CloseIdleConnections()
	srv.ResetLog()
	put("shared/after")
	for r := range remotes(srv) {
		if first[r] {
			t.Fatalf("after CloseIdleConnections the next client reused %s", r)
		}
	}
}

func TestNewSharedRefusesAnotherTransportConfig(t *testing.T) {
	base := oss.Config{Endpoint: "http://127.0.0.1:1", Region: testRegion}
	st, err := oss.NewSharedTransport(base)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*oss.Config)
		ok   bool
	}{
		{"same", func(*oss.Config) {}, true},
		{"defaults spelt out", func(c *oss.Config) { c.ConnectTimeout = 10 * time.Second }, true},
		{"endpoint in another spelling", func(c *oss.Config) { c.Endpoint = "127.0.0.1:1/" }, true},
		{"credentials differ", func(c *oss.Config) { c.Credentials = oss.StaticCredentials("a", "b", "") }, true},
		{"speed limit differs", func(c *oss.Config) { c.SpeedLimit = 1 }, true},
		{"other endpoint", func(c *oss.Config) { c.Endpoint = "http://127.0.0.1:2" }, false},
		{"connect timeout", func(c *oss.Config) { c.ConnectTimeout = time.Second }, false},
		{"verification off", func(c *oss.Config) { c.InsecureSkipVerify = true }, false},
		{"proxy", func(c *oss.Config) { c.Proxy = "http://127.0.0.1:3" }, false},
		{"write buffer", func(c *oss.Config) { c.WriteBufferSize = 1 << 20 }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.edit(&cfg)
			_, err := oss.NewShared(cfg, st)
			var ae *oss.ArgumentError
			if tc.ok && err != nil {
				t.Fatalf("NewShared: %v", err)
			}
			if !tc.ok && (!errors.As(err, &ae) || ae.Field != "SharedTransport") {
				t.Fatalf("NewShared = %v, want an ArgumentError naming SharedTransport", err)
			}
		})
	}
}

// CAStamp changes when what a transport read of the CA file or directory may have changed.
func TestCAStampNoticesCAChanges(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(file, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s := oss.CAStamp(oss.Config{}); s != "" {
		t.Fatalf("no CA: stamp %q, want empty", s)
	}
	steps := []struct {
		name   string
		cfg    oss.Config
		change func() error
	}{
		{"file rewritten", oss.Config{CAFile: file}, func() error { return os.WriteFile(file, []byte("two!"), 0o600) }},
		{"file removed", oss.Config{CAFile: file}, func() error { return os.Remove(file) }},
		{"file added to dir", oss.Config{CAPath: dir}, func() error { return os.WriteFile(file, []byte("three"), 0o600) }},
		{"file removed from dir", oss.Config{CAPath: dir}, func() error { return os.Remove(file) }},
	}
	for _, s := range steps {
		before := oss.CAStamp(s.cfg)
		if again := oss.CAStamp(s.cfg); again != before {
			t.Fatalf("%s: stamp changed with nothing changed: %q, %q", s.name, before, again)
		}
		if err := s.change(); err != nil {
			t.Fatal(err)
		}
		if after := oss.CAStamp(s.cfg); after == before {
			t.Errorf("%s: stamp unchanged: %q", s.name, after)
		}
	}
}
