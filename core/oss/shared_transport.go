package oss

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SharedTransport is the tuned transport of New (dialer, TLS record batching, proxy handling)
// made once and lent to many clients, so that a program that makes a client per upload (the C
// SDK's oss_resumable_upload_file has no client object) still reuses kept-alive connections
// and skips a TCP and TLS handshake per call. Clients built on it with NewShared leave its
// idle connections open when they are closed; CloseIdleConnections releases them. It is safe
// for concurrent use.
type SharedTransport struct {
	key TransportKey
	t   *http.Transport
}

// TransportKey is what a client's transport is built from, defaults applied: two configs with
// equal keys can share one SharedTransport. It holds no credentials, and the endpoint only in
// NormalEndpoint's form (no user:password). Per-request settings (signing, speed limits,
// headers) are not in it: they stay with each client.
type TransportKey struct {
	Endpoint            string
	ConnectTimeout      time.Duration
	ReadWriteTimeout    time.Duration
	IdleConnTimeout     time.Duration
	MaxIdleConnsPerHost int
	WriteBufferSize     int
	ReadBufferSize      int
	CAFile, CAPath      string
	InsecureSkipVerify  bool
	Proxy               string
}

// KeyOf returns cfg's TransportKey, Config's defaults applied to its zero values.
func KeyOf(cfg Config) TransportKey {
	setTransportDefaults(&cfg)
	return TransportKey{Endpoint: NormalEndpoint(cfg.Endpoint), ConnectTimeout: cfg.ConnectTimeout,
		ReadWriteTimeout: cfg.ReadWriteTimeout, IdleConnTimeout: cfg.IdleConnTimeout,
		MaxIdleConnsPerHost: cfg.MaxIdleConnsPerHost, WriteBufferSize: cfg.WriteBufferSize,
		ReadBufferSize: cfg.ReadBufferSize, CAFile: cfg.CAFile, CAPath: cfg.CAPath,
		InsecureSkipVerify: cfg.InsecureSkipVerify, Proxy: cfg.Proxy}
}

// NewSharedTransport builds the transport New would build for cfg. The CA file and directory
// are read now, once: a later change to them reaches only a new SharedTransport.
func NewSharedTransport(cfg Config) (*SharedTransport, error) {
	setTransportDefaults(&cfg)
	t, err := newTransport(&cfg)
	if err != nil {
		return nil, err
	}
	return &SharedTransport{key: KeyOf(cfg), t: t}, nil
}

// Key returns the key of the config s was built for.
func (s *SharedTransport) Key() TransportKey { return s.key }

// CloseIdleConnections closes the connections s keeps alive; connections in use are closed
// when their requests end. s stays usable and dials again when next used.
func (s *SharedTransport) CloseIdleConnections() { s.t.CloseIdleConnections() }

var errTransportKey = errors.New("the config's transport settings differ from the shared transport's")

// NewShared is New with s as the client's transport in place of one of its own. cfg must have
// s's key (KeyOf(cfg) == s.Key()), so that its timeouts, proxy and TLS settings are the ones in
// force. The client's Close leaves s's connections open.
func NewShared(cfg Config, s *SharedTransport) (*Client, error) {
	if s == nil {
		return nil, &ArgumentError{Field: "SharedTransport", Reason: "is nil"}
	}
	if KeyOf(cfg) != s.key {
		return nil, &ArgumentError{Field: "SharedTransport", Reason: errTransportKey.Error()}
	}
	return newClient(cfg, s.t)
}

// CAStamp identifies the state of cfg's CA file and directory (each file's size, modification
// time and mode, as os.Stat gives them; the directory's entries), without reading or
// parsing a certificate. A SharedTransport read them once: a caller that keeps one per
// TransportKey compares stamps to notice that they changed, and builds a new transport, which
// reads (and checks) them again. Empty when cfg names neither.
func CAStamp(cfg Config) string {
	if cfg.CAFile == "" && cfg.CAPath == "" {
		return ""
	}
	var b strings.Builder
	stamp := func(name string) {
		fi, err := os.Stat(name)
		if err != nil {
			fmt.Fprintf(&b, "%q:!%v;", name, err)
			return
		}
		fmt.Fprintf(&b, "%q:%d:%d:%v;", name, fi.Size(), fi.ModTime().UnixNano(), fi.Mode())
	}
	if cfg.CAFile != "" {
		stamp(cfg.CAFile)
	}
	if cfg.CAPath != "" {
		stamp(cfg.CAPath)
		entries, err := os.ReadDir(cfg.CAPath)
		if err != nil {
			fmt.Fprintf(&b, "!%v", err)
		}
		for _, e := range entries {
			stamp(filepath.Join(cfg.CAPath, e.Name()))
		}
	}
	return b.String()
}
