package oss

import (
	"context"
	"log/slog"
	"time"
)

// Credentials is one access key pair, with an optional STS security token. Its String method
// and every error of this package redact the secret and the token.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
}

// CredentialsProvider yields the credentials for each request; it is called once per request so
// that rotating STS credentials take effect.
type CredentialsProvider interface {
	Credentials(ctx context.Context) (Credentials, error)
}

// Config describes a client. Zero values take the documented defaults.
type Config struct {
	// Endpoint is "host[:port]" with an optional "http://" or "https://" scheme (none: http, as
	// the C SDK does). An IP literal host selects path-style addressing.
	Endpoint string
	// Region is required by V4 signing (e.g. "cn-hangzhou").
	Region string
	// CloudBoxID, when set, signs V4 for product "oss-cloudbox" with this id in place of Region.
	CloudBoxID string
	// SignatureVersion is 1 or 4. Default 4.
	SignatureVersion int
	// AdditionalHeaders names extra request headers to sign under V4.
	AdditionalHeaders []string
	// Credentials; nil reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN
	// from the environment at each request.
	Credentials CredentialsProvider
	// CNAME: Endpoint is the bucket's own domain; the bucket is not put into host or path.
	CNAME bool
	// PathStyle forces "/bucket/key" paths on a non-IP endpoint.
	PathStyle bool

	// ConnectTimeout bounds TCP+TLS connection setup. Default 10s.
	ConnectTimeout time.Duration
	// ReadWriteTimeout is the longest a connection may go without moving a byte, either way.
	// Default 60s. It bounds what the low-speed limit leaves alone: a Complete's wait while
	// OSS assembles the object.
	ReadWriteTimeout time.Duration
	// SpeedLimit (bytes/s) and SpeedTime are the C SDK's speed_limit and speed_time, curl's
	// low-speed limit: a request fails with a timeout (a *TransportError of kind
	// TransportTimeout wrapping a *LowSpeedError, retried as any timeout) when fewer than
	// SpeedLimit×SpeedTime bytes moved, request body and answer body together, in the last
	// SpeedTime; the check runs every SpeedTime/10 (at most 1 s), so a request that drips
	// ends between SpeedTime and SpeedTime plus that step after the drip began. A server that
	// sends nothing counts as 0 B/s, as in curl, with one exception: a Complete's waits for
	// OSS to assemble the object (after the request was sent, and between the answer's head
	// and its body) are bounded by ReadWriteTimeout instead, since 10,000 parts can take OSS
	// longer than SpeedTime to join. Defaults 1024 B/s and 15 s (the C SDK's); a negative
	// value turns the limit off.
	SpeedLimit int64
	SpeedTime  time.Duration
	// IdleConnTimeout closes kept-alive connections unused this long. Default 50s.
	IdleConnTimeout time.Duration
	// MaxIdleConnsPerHost keeps this many connections per host alive between requests; it
	// should be at least the number of parts in flight. Default 128.
	MaxIdleConnsPerHost int
	// WriteBufferSize and ReadBufferSize size the transport's per-connection buffers. Default 256 KiB / 64 KiB.
	WriteBufferSize, ReadBufferSize int

	// CAFile is a PEM bundle trusted in addition to the system roots.
	CAFile string
	// CAPath is a directory of PEM certificates trusted in addition to the system roots, as
	// curl's CAPATH (OpenSSL's c_rehash layout works, and so does any file of PEM certificates
	// in it); every regular file directly in it is read once, when the client is made.
	CAPath string
	// InsecureSkipVerify turns TLS verification off. Default false: verification is on.
	InsecureSkipVerify bool
	// Proxy is a proxy URL ("http://user:pass@host:port"); empty uses HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
	Proxy string
	// UserAgent is appended to the library's own "ossresume/<version> (...)" User-Agent.
	UserAgent string

	// Now is the clock used for signing; nil is time.Now. Tests set it.
	Now func() time.Time

	// Logger, when set, receives one Debug record per request: operation, method, URL,
	// status, request id and duration. Credentials and tokens are never logged.
	Logger *slog.Logger
}
