//go:build js

package main

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"syscall/js"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// client is what a client handle stands for: one *oss.Client, the page's credentials, and the
// uploads' defaults.
type client struct {
	id       int
	api      *oss.Client
	cred     *pageCredentials
	endpoint string
	retries  int
	wait     time.Duration // how long a refresh may take: read_write_timeout_ms
}

// pageCredentials are the credentials the page gave, replaced by client.set_credentials. A
// refresh asked of the page is one 'credentials' event at a time: requests that find their
// token expired while one is out wait for that one.
type pageCredentials struct {
	mu      sync.Mutex
	cur     oss.Credentials
	gen     uint64        // bumped by each set_credentials
	pending chan struct{} // closed by the set_credentials that answers the event out; nil: none
}

func (p *pageCredentials) Credentials(ctx context.Context) (oss.Credentials, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur, nil
}

func (p *pageCredentials) generation() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen
}

func (p *pageCredentials) set(c oss.Credentials) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur = c
	p.gen++
	if p.pending != nil {
		close(p.pending)
		p.pending = nil
	}
}

// credentialsTimeout is a refresh the page did not answer in time.
type credentialsTimeout struct{ after time.Duration }

func (e *credentialsTimeout) Error() string {
	return "the security token expired and the page gave no new credentials within " + e.after.String() +
		" (answer the 'credentials' event with client.set_credentials)"
}

// refresh gets credentials newer than generation gen: at once when they already came, else
// after the page answers a 'credentials' event (one out at a time).
func (c *client) refresh(ctx context.Context, gen uint64, reason string) error {
	p := c.cred
	p.mu.Lock()
	if p.gen != gen {
		p.mu.Unlock()
		return nil
	}
	ch := p.pending
	if ch == nil {
		ch = make(chan struct{})
		p.pending = ch
		post(map[string]any{"event": "credentials", "handle": c.id, "reason": reason})
	}
	p.mu.Unlock()
	t := time.NewTimer(c.wait)
	defer t.Stop()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return &credentialsTimeout{after: c.wait}
	}
}

// refreshed is a SecurityTokenExpired answer after the page gave fresh credentials: the
// engine sends the request once more (with a fresh body reader), retries off or not.
type refreshed struct{ error }

func (r refreshed) Unwrap() error            { return r.error }
func (r refreshed) CredentialsRenewed() bool { return true }

func expired(err error) bool {
	var oe *oss.Error
	return errors.As(err, &oe) && oe.Code == "SecurityTokenExpired"
}

// call runs one request; when its token had expired, it asks the page for fresh credentials
// and returns the failure marked as renewed: the engine then resends it once.
func call[T any](c *client, ctx context.Context, fn func() (T, error)) (T, error) {
	gen := c.cred.generation()
	v, err := fn()
	if expired(err) {
		if rerr := c.refresh(ctx, gen, "SecurityTokenExpired"); rerr != nil {
			return v, errors.Join(err, rerr)
		}
		return v, refreshed{err}
	}
	return v, err
}

// callOnce is call for a request made outside the engine: it retries once itself.
func callOnce[T any](c *client, ctx context.Context, fn func() (T, error)) (T, error) {
	v, err := call(c, ctx, fn)
	var r refreshed
	if errors.As(err, &r) {
		return fn()
	}
	return v, err
}

// engineAPI is the client as the engine's upload.API, each request through call.
type engineAPI struct{ c *client }

var _ upload.API = engineAPI{}

func (a engineAPI) InitiateMultipartUpload(ctx context.Context, in *oss.InitiateInput) (*oss.InitiateOutput, error) {
	return call(a.c, ctx, func() (*oss.InitiateOutput, error) { return a.c.api.InitiateMultipartUpload(ctx, in) })
}
func (a engineAPI) UploadPart(ctx context.Context, in *oss.UploadPartInput) (*oss.UploadPartOutput, error) {
	return call(a.c, ctx, func() (*oss.UploadPartOutput, error) { return a.c.api.UploadPart(ctx, in) })
}
func (a engineAPI) ListParts(ctx context.Context, in *oss.ListPartsInput) (*oss.ListPartsOutput, error) {
	return call(a.c, ctx, func() (*oss.ListPartsOutput, error) { return a.c.api.ListParts(ctx, in) })
}
func (a engineAPI) CompleteMultipartUpload(ctx context.Context, in *oss.CompleteInput) (*oss.CompleteOutput, error) {
	return call(a.c, ctx, func() (*oss.CompleteOutput, error) { return a.c.api.CompleteMultipartUpload(ctx, in) })
}
func (a engineAPI) AbortMultipartUpload(ctx context.Context, in *oss.AbortInput) (*oss.AbortOutput, error) {
	return call(a.c, ctx, func() (*oss.AbortOutput, error) { return a.c.api.AbortMultipartUpload(ctx, in) })
}
func (a engineAPI) PutObject(ctx context.Context, in *oss.PutObjectInput) (*oss.PutObjectOutput, error) {
	return call(a.c, ctx, func() (*oss.PutObjectOutput, error) { return a.c.api.PutObject(ctx, in) })
}
func (a engineAPI) HeadObject(ctx context.Context, in *oss.HeadObjectInput) (*oss.HeadObjectOutput, error) {
	return call(a.c, ctx, func() (*oss.HeadObjectOutput, error) { return a.c.api.HeadObject(ctx, in) })
}
func (a engineAPI) ListMultipartUploads(ctx context.Context, in *oss.ListMultipartUploadsInput) (*oss.ListMultipartUploadsOutput, error) {
	return call(a.c, ctx, func() (*oss.ListMultipartUploadsOutput, error) { return a.c.api.ListMultipartUploads(ctx, in) })
}

// clientNew: args { options } with ossr_client_options' fields that a browser has.
func clientNew(_ context.Context, args js.Value) (any, error) {
	o := args.Get("options")
	if absent(o) {
		o = args
	}
	var err error
	str := func(name string) string {
		if err != nil {
			return ""
		}
		var s string
		s, err = argString(o, name)
		return s
	}
	num := func(name string) int64 {
		if err != nil {
			return 0
		}
		var n int64
		n, err = argInt(o, name)
		return n
	}
	cfg := oss.Config{Endpoint: str("endpoint"), Region: str("region"), UserAgent: str("user_agent"),
		CNAME: num("cname") != 0, PathStyle: num("path_style") != 0}
	id, secret, token := str("access_key_id"), str("access_key_secret"), str("security_token")
	sv := num("signature_version")
	connect, rw := num("connect_timeout_ms"), num("read_write_timeout_ms")
	retries := num("retries")
	cfg.SpeedLimit = num("speed_limit")
	cfg.SpeedTime = time.Duration(num("speed_time_ms")) * time.Millisecond
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.Endpoint == "":
		return nil, badArg("endpoint", "is missing or empty: set it to the OSS endpoint, e.g. \"https://oss-cn-hangzhou.aliyuncs.com\"")
	case sv != 0 && sv != 1 && sv != 4:
		return nil, badArg("signature_version", strconv.FormatInt(sv, 10)+" is not 1 or 4 (0 means 4)")
	case id == "":
		return nil, badArg("access_key_id", "is missing or empty: a browser has no environment to read it from")
	case secret == "":
		return nil, badArg("access_key_secret", "is missing or empty while access_key_id is set")
	case connect < 0:
		return nil, badArg("connect_timeout_ms", strconv.FormatInt(connect, 10)+" is negative (0 takes the default)")
	case rw < 0:
		return nil, badArg("read_write_timeout_ms", strconv.FormatInt(rw, 10)+" is negative (0 takes the default)")
	}
	cfg.SignatureVersion = int(sv)
	cfg.ConnectTimeout = time.Duration(connect) * time.Millisecond
	cfg.ReadWriteTimeout = time.Duration(rw) * time.Millisecond
	cred := &pageCredentials{cur: oss.Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token}}
	cfg.Credentials = cred
	api, err := oss.New(cfg)
	if err != nil {
		return nil, err
	}
	c := &client{api: api, cred: cred, endpoint: cfg.Endpoint, retries: int(retries), wait: cfg.ReadWriteTimeout}
	if c.wait == 0 {
		c.wait = 60 * time.Second
	}
	if c.retries < 0 {
		c.retries = -1
	}
	c.id = register(clients, c)
	return map[string]any{"client": c.id}, nil
}

func clientOf(args js.Value) (*client, error) {
	h, err := argHandle(args, "client")
	if err != nil {
		return nil, err
	}
	c, ok := lookup(clients, h)
	if !ok {
		return nil, badArg("client", strconv.Itoa(h)+" is not a live client handle")
	}
	return c, nil
}

// clientSetCredentials: args { client, access_key_id, access_key_secret, security_token }.
// Uploads running take them from their next request on; a refresh asked for is answered.
func clientSetCredentials(_ context.Context, args js.Value) (any, error) {
	c, err := clientOf(args)
	if err != nil {
		return nil, err
	}
	id, err1 := argString(args, "access_key_id")
	secret, err2 := argString(args, "access_key_secret")
	token, err3 := argString(args, "security_token")
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	if id == "" || secret == "" {
		return nil, badArg("access_key_id", "access_key_id and access_key_secret must both be set")
	}
	c.cred.set(oss.Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token})
	return nil, nil
}

func clientFree(_ context.Context, args js.Value) (any, error) {
	c, err := clientOf(args)
	if err != nil {
		return nil, err
	}
	drop(clients, c.id)
	c.api.Close()
	return nil, nil
}
