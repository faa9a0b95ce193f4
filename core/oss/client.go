package oss

import (
	"log/slog"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
)

// Version is this library's version, sent in the User-Agent.
const Version = "0.1.0"

// Client speaks OSS's HTTP API. It is safe for concurrent use.
type Client struct {
	cfg       Config
	addr      addressing
	signer    Signer
	creds     CredentialsProvider
	http      *http.Client
	transport *http.Transport
	shared    bool // transport belongs to a SharedTransport: Close leaves it alone
	userAgent string
	log       *slog.Logger
	now       func() time.Time
	// skew is the server's clock minus ours in nanoseconds, learnt from a
	// RequestTimeTooSkewed answer and added to every later signing time.
	skew atomic.Int64
}

var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// New validates cfg (endpoint, signature version, region for V4) and returns a client; it sends nothing.
func New(cfg Config) (*Client, error) { return newClient(cfg, nil) }

// newClient is New on shared's transport, or on one of its own when shared is nil.
func newClient(cfg Config, shared *http.Transport) (*Client, error) {
	ep, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	switch cfg.SignatureVersion {
	case 0:
		cfg.SignatureVersion = 4
	case 1, 4:
	default:
		return nil, &ArgumentError{Field: "SignatureVersion", Reason: "must be 1 or 4"}
	}
	if cfg.SignatureVersion == 4 && cfg.Region == "" && cfg.CloudBoxID == "" {
		return nil, &ArgumentError{Field: "Region", Reason: errNoRegion.Error()}
	}
	for _, h := range cfg.AdditionalHeaders {
		if !headerName.MatchString(h) {
			return nil, &ArgumentError{Field: "AdditionalHeaders", Reason: "invalid header name " + h}
		}
	}
	if strings.ContainsFunc(cfg.UserAgent, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return nil, &ArgumentError{Field: "UserAgent", Reason: "must not contain control characters"}
	}
	if cfg.CNAME && cfg.PathStyle {
		return nil, &ArgumentError{Field: "PathStyle", Reason: "cannot be combined with CNAME"}
	}
	setTransportDefaults(&cfg)
	setDefault(&cfg.SpeedLimit, DefaultSpeedLimit)
	setDefault(&cfg.SpeedTime, DefaultSpeedTime)
	if cfg.Credentials == nil {
		cfg.Credentials = EnvCredentials()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	t := shared
	if t == nil {
		if t, err = newTransport(&cfg); err != nil {
			return nil, err
		}
	}
	rt := roundTripper(&cfg, t) // the browser's fetch on js/wasm, t itself elsewhere
	c := &Client{
		cfg:  cfg,
		addr: addressing{ep: ep, cname: cfg.CNAME, pathStyle: cfg.PathStyle},
		signer: Signer{Version: cfg.SignatureVersion, Region: cfg.Region, CloudBoxID: cfg.CloudBoxID,
			AdditionalHeaders: cfg.AdditionalHeaders},
		creds:     cfg.Credentials,
		transport: t,
		shared:    shared != nil,
		http: &http.Client{
			Transport: rt,
			// A redirect would need the body again; OSS does not redirect these operations,
			// so a 3xx is reported as it is.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		userAgent: "ossresume/" + Version + " (" + runtime.GOOS + "/" + runtime.GOARCH + "; " + runtime.Version() + ")",
		log:       cfg.Logger,
		now:       cfg.Now,
	}
	if cfg.UserAgent != "" {
		c.userAgent += " " + cfg.UserAgent
	}
	return c, nil
}

// setTransportDefaults applies the defaults of the fields the transport is built from.
func setTransportDefaults(cfg *Config) {
	setDefault(&cfg.ConnectTimeout, defaultConnectTimeout)
	setDefault(&cfg.ReadWriteTimeout, defaultReadWriteTimeout)
	setDefault(&cfg.IdleConnTimeout, defaultIdleConnTimeout)
	setDefault(&cfg.MaxIdleConnsPerHost, defaultMaxIdleConnsPerHost)
	setDefault(&cfg.WriteBufferSize, defaultWriteBufferSize)
	setDefault(&cfg.ReadBufferSize, defaultReadBufferSize)
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Close releases the client's idle connections; on a SharedTransport (NewShared) it leaves
// them to the transport's owner.
func (c *Client) Close() {
	if !c.shared {
		c.transport.CloseIdleConnections()
	}
}

// ClockSkew returns the server's clock minus the local one as last learnt from the server
// (zero until a RequestTimeTooSkewed answer).
func (c *Client) ClockSkew() time.Duration { return time.Duration(c.skew.Load()) }
