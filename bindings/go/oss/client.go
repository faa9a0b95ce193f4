package oss

import (
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	core "github.com/ossresume/ossresume/core/oss"
)

// Client is what New returns: one configured connection to an OSS endpoint. It is safe for
// concurrent use and cheap to copy (Bucket holds a copy, as in the v1 SDK).
type Client struct {
	api      *core.Client
	endpoint string
	crc      bool
	logger   *log.Logger
	logLevel int
}

// ClientOption configures New.
type ClientOption func(*clientConfig)

// clientConfig collects the ClientOptions before New turns them into core's Config.
type clientConfig struct {
	core          core.Config
	authVersion   AuthVersionType
	provider      CredentialsProvider
	securityToken string
	proxyHost     string
	proxyUser     string
	proxyPassword string
	proxyAuth     bool
	httpClient    *http.Client
	crc           bool
	logger        *log.Logger
	logLevel      int
}

// The v1 SDK's timeouts when Timeout is not given.
const (
	defaultConnectTimeout   = 30 * time.Second
	defaultReadWriteTimeout = 60 * time.Second
)

// New checks the endpoint and options and returns a client; it sends nothing. As in the v1 SDK,
// requests are signed V1 unless AuthVersion says otherwise, and accessKeyID / accessKeySecret
// are used unless SetCredentialsProvider supplies a provider. Errors are ClientErrors.
func New(endpoint, accessKeyID, accessKeySecret string, options ...ClientOption) (*Client, error) {
	cfg := &clientConfig{authVersion: AuthV1, crc: true, logLevel: LogOff}
	cfg.core.Endpoint = endpoint
	cfg.core.ConnectTimeout = defaultConnectTimeout
	cfg.core.ReadWriteTimeout = defaultReadWriteTimeout
	for _, o := range options {
		if o != nil {
			o(cfg)
		}
	}
	switch cfg.authVersion {
	case AuthV1:
		cfg.core.SignatureVersion = 1
	case AuthV4:
		cfg.core.SignatureVersion = 4
	case AuthV2:
		return nil, clientErrorf(nil, "AuthVersion(AuthV2) is not supported: this package signs AuthV1 and AuthV4 only")
	default:
		return nil, clientErrorf(nil, "invalid AuthVersion %q: use AuthV1 or AuthV4", string(cfg.authVersion))
	}
	provider := cfg.provider
	if provider == nil {
		provider = NewStaticCredentialsProvider(accessKeyID, accessKeySecret, cfg.securityToken)
	}
	cfg.core.Credentials = providerBridge{provider}
	if cfg.proxyHost != "" {
		p, err := proxyURL(cfg)
		if err != nil {
			return nil, err
		}
		cfg.core.Proxy = p
	}
	if cfg.logger == nil {
		cfg.logger = log.New(os.Stdout, "", log.LstdFlags) // the v1 SDK's default logger
	}
	if cfg.logLevel >= Debug {
		cfg.core.Logger = slog.New(slog.NewTextHandler(logWriter{cfg.logger, "[debug]"},
			&slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	api, err := core.New(cfg.core)
	if err != nil {
		return nil, clientError(err)
	}
	if cfg.httpClient != nil {
		api.UseHTTPClient(cfg.httpClient)
	}
	return &Client{api: api, endpoint: endpoint, crc: cfg.crc, logger: cfg.logger, logLevel: cfg.logLevel}, nil
}

// proxyURL turns Proxy's "host:port" or URL, and AuthProxy's user and password, into a URL.
func proxyURL(cfg *clientConfig) (string, error) {
	raw := cfg.proxyHost
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", clientErrorf(nil, "invalid Proxy host %q: want host:port or http://host:port", cfg.proxyHost)
	}
	if cfg.proxyAuth {
		if cfg.proxyPassword != "" {
			u.User = url.UserPassword(cfg.proxyUser, cfg.proxyPassword)
		} else {
			u.User = url.User(cfg.proxyUser)
		}
	}
	return u.String(), nil
}

// Bucket returns a handle on the named bucket after checking the name; it sends nothing.
func (client Client) Bucket(bucketName string) (*Bucket, error) {
	if err := core.ValidateBucketName(bucketName); err != nil {
		return nil, clientError(err)
	}
	return &Bucket{Client: client, BucketName: bucketName}, nil
}

// notify writes an engine notice ("part size grown to ...") at Info level, as the v1 SDK logs.
func (client Client) notify(msg string) {
	if client.logLevel >= Info && client.logger != nil {
		client.logger.Printf("[info]%s", msg)
	}
}

// logWriter feeds slog's text lines to the v1-style *log.Logger with its level tag.
type logWriter struct {
	l   *log.Logger
	tag string
}

func (w logWriter) Write(p []byte) (int, error) {
	w.l.Print(w.tag + strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Region sets the region V4 signatures are scoped to, e.g. "cn-hangzhou".
func Region(region string) ClientOption { return func(c *clientConfig) { c.core.Region = region } }

// CloudBoxId signs V4 for an OSS on CloudBox with this id in place of the region.
func CloudBoxId(cloudBoxId string) ClientOption {
	return func(c *clientConfig) { c.core.CloudBoxID = cloudBoxId }
}

// AuthVersion chooses the signature: AuthV1 (the default) or AuthV4. AuthV2 makes New fail.
func AuthVersion(authVersion AuthVersionType) ClientOption {
	return func(c *clientConfig) { c.authVersion = authVersion }
}

// AdditionalHeaders names request headers V4 signs besides the ones it always signs.
func AdditionalHeaders(headers []string) ClientOption {
	return func(c *clientConfig) { c.core.AdditionalHeaders = headers }
}

// SetCredentialsProvider makes every request ask provider for credentials; New's key
// arguments and SecurityToken are then unused.
func SetCredentialsProvider(provider CredentialsProvider) ClientOption {
	return func(c *clientConfig) { c.provider = provider }
}

// SecurityToken adds an STS token to New's key pair.
func SecurityToken(token string) ClientOption {
	return func(c *clientConfig) { c.securityToken = strings.TrimSpace(token) }
}

// Timeout sets the connect timeout and the longest a request may go without moving a byte, both
// in seconds. Defaults: 30 and 60. Unlike the v1 SDK, 0 (or less) does not mean "no timeout": it
// keeps the default, because nothing in this library waits without a bound.
func Timeout(connectTimeoutSec, readWriteTimeout int64) ClientOption {
	return func(c *clientConfig) {
		c.core.ConnectTimeout = secondsOr(connectTimeoutSec, defaultConnectTimeout)
		c.core.ReadWriteTimeout = secondsOr(readWriteTimeout, defaultReadWriteTimeout)
	}
}

// LowSpeedLimit (ours; the v1 SDK has none) fails a request whose transfer stays below
// bytesPerSec for seconds, as the C SDK's speed_limit / speed_time and curl's low-speed limit
// do; such a request is retried as any timeout. Defaults 1024 B/s for 15 s; 0 or less for
// either turns the limit off. A Complete's wait for OSS to assemble the object is bounded by
// Timeout's readWriteTimeout instead (see core/oss.Config.SpeedLimit).
func LowSpeedLimit(bytesPerSec, seconds int64) ClientOption {
	return func(c *clientConfig) {
		if bytesPerSec <= 0 || seconds <= 0 {
			c.core.SpeedLimit, c.core.SpeedTime = -1, 0
			return
		}
		c.core.SpeedLimit, c.core.SpeedTime = bytesPerSec, time.Duration(seconds)*time.Second
	}
}

func secondsOr(sec int64, def time.Duration) time.Duration {
	if sec <= 0 {
		return def
	}
	return time.Duration(sec) * time.Second
}

// UseCname says the endpoint is the bucket's own domain (CNAME): the bucket is put into neither
// host nor path.
func UseCname(isUseCname bool) ClientOption {
	return func(c *clientConfig) { c.core.CNAME = isUseCname }
}

// ForcePathStyle addresses the bucket in the path ("/bucket/key") on a non-IP endpoint.
func ForcePathStyle(isPathStyle bool) ClientOption {
	return func(c *clientConfig) { c.core.PathStyle = isPathStyle }
}

// Proxy sends every request through an HTTP proxy, given as "host:port" or "http://host:port".
// Without it the HTTP_PROXY, HTTPS_PROXY and NO_PROXY variables apply (the v1 SDK ignores them).
func Proxy(proxyHost string) ClientOption {
	return func(c *clientConfig) { c.proxyHost, c.proxyAuth = proxyHost, false }
}

// AuthProxy is Proxy with a user name and password for the proxy.
func AuthProxy(proxyHost, proxyUser, proxyPassword string) ClientOption {
	return func(c *clientConfig) {
		c.proxyHost, c.proxyUser, c.proxyPassword, c.proxyAuth = proxyHost, proxyUser, proxyPassword, true
	}
}

// InsecureSkipVerify turns TLS certificate verification off (for tests against a self-signed
// server only).
func InsecureSkipVerify(enabled bool) ClientOption {
	return func(c *clientConfig) { c.core.InsecureSkipVerify = enabled }
}

// UserAgent names the application in the User-Agent header. The v1 SDK replaces its own
// User-Agent with it; this package appends it to "ossresume/<version> (...)".
func UserAgent(userAgent string) ClientOption {
	return func(c *clientConfig) { c.core.UserAgent = userAgent }
}

// HTTPClient sends every request through hc (its Transport, Timeout and cookie jar) instead of
// the engine's own tuned transport; redirects are still not followed. Timeout, Proxy and
// InsecureSkipVerify then no longer apply: hc's transport decides those.
func HTTPClient(hc *http.Client) ClientOption { return func(c *clientConfig) { c.httpClient = hc } }

// EnableCRC(false) accepts a server CRC-64 that disagrees with the file's (the v1 default, true,
// makes a mismatch a CRCCheckError). The CRC-64 is computed and checkpointed either way.
func EnableCRC(isEnableCRC bool) ClientOption { return func(c *clientConfig) { c.crc = isEnableCRC } }

// SetLogLevel sets what is logged: LogOff (the default), Info (engine notices such as a grown
// part size or a corrupt checkpoint), Debug (also one line per request). Error and Warn log
// nothing more than LogOff: failures are returned, not logged.
func SetLogLevel(LogLevel int) ClientOption { return func(c *clientConfig) { c.logLevel = LogLevel } }

// SetLogger sets where SetLogLevel's lines go (default: standard output, as in the v1 SDK).
func SetLogger(Logger *log.Logger) ClientOption { return func(c *clientConfig) { c.logger = Logger } }

func clientErrorf(err error, format string, args ...any) error {
	return ClientError{Message: fmt.Sprintf(format, args...), Err: err}
}
