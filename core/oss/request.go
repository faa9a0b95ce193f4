package oss

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// request is one operation's HTTP request before it is built, signed and sent.
type request struct {
	op          string
	method      string
	bucket, key string            // key raw; "" for bucket-level requests
	query       map[string]string // decoded; "" values are bare keys
	header      http.Header
	body        io.Reader // nil: no body
	size        int64     // body length, sent as Content-Length
}

// maxErrorBody caps how much of an error body is read.
const maxErrorBody = 1 << 20

// do builds, signs and sends r. A 2xx response is returned with its body open for the caller;
// anything else becomes an *Error (body read and closed) or a *TransportError.
func (c *Client) do(ctx context.Context, r *request) (*http.Response, error) {
	if ctx == nil {
		return nil, &ArgumentError{Field: "ctx", Reason: "must not be nil"}
	}
	cred, err := c.creds.Credentials(ctx)
	if err != nil {
		return nil, err
	}
	u := c.addr.url(r.bucket, r.key, encodeQuery(r.query))

	// The low-speed limit watches the request until its answer's body is closed; it cancels
	// rctx, and the error it reports replaces the cancel's.
	rctx, cancel := context.WithCancelCause(ctx)
	mon := newSpeedMonitor(c.cfg.SpeedLimit, c.cfg.SpeedTime, cancel)
	serverWork := r.op == "CompleteMultipartUpload"
	watched := false // the answer's body owns mon and cancel from then on
	defer func() {
		if !watched {
			mon.done()
			cancel(nil)
		}
	}()

	var body io.Reader = http.NoBody
	if r.body != nil && r.size > 0 {
		// Once do returns, the caller owns its reader again.
		guard := &bodyGuard{r: r.body, m: mon}
		defer guard.release()
		body = guard
	}
	req, err := http.NewRequestWithContext(mon.trace(rctx, serverWork), r.method, u.String(), body)
	if err != nil {
		return nil, &ArgumentError{Field: "request", Reason: err.Error()}
	}
	// The body is streamed once: no GetBody, so the transport can never replay it behind
	// the caller's back (the engine hashes what it reads and retries itself).
	req.GetBody = nil
	req.ContentLength = r.size
	if body == http.NoBody {
		req.ContentLength = 0
	}
	for k, vs := range r.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", c.userAgent)
	if _, err := c.signer.Sign(req, r.bucket, r.key, cred, c.signingTime()); err != nil {
		return nil, err
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		if lerr := mon.err(); lerr != nil {
			err = lerr
		}
		terr := classifyTransport(ctx, r.op, err)
		c.logRequest(ctx, r, req, nil, start, terr)
		return nil, terr
	}
	wb := &watchedBody{rc: resp.Body, m: mon}
	resp.Body = wb
	if resp.StatusCode/100 == 2 && resp.StatusCode != 203 {
		if serverWork {
			mon.wait(true) // until the body starts: OSS joins the parts in between
		}
		watched = true
		resp.Body = &cancelOnClose{ReadCloser: wb, cancel: cancel}
		c.logRequest(ctx, r, req, resp, start, nil)
		return resp, nil
	}

	data, readErr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	if readErr != nil {
		terr := classifyTransport(ctx, r.op, readErr)
		c.logRequest(ctx, r, req, resp, start, terr)
		return nil, terr
	}
	if resp.StatusCode == 203 {
		// 203 is OSS's "object written, but the callback failed", with an <Error> body.
		// Anything else with 203 is a success whose body the operation still wants.
		if e, ok := parseErrorXML(data); !ok || e.Code == "" {
			resp.Body = io.NopCloser(bytes.NewReader(data))
			c.logRequest(ctx, r, req, resp, start, nil)
			return resp, nil
		}
	}
	serr := parseError(r.op, resp.StatusCode, resp.Header, data)
	if serr.Code == "RequestTimeTooSkewed" {
		c.learnSkew(resp, serr, start)
	}
	c.logRequest(ctx, r, req, resp, start, serr)
	return nil, serr
}

// signingTime is the local clock corrected by the offset last learnt from the server.
func (c *Client) signingTime() time.Time {
	return c.now().Add(time.Duration(c.skew.Load()))
}

// learnSkew records the server's clock offset from the Date of a RequestTimeTooSkewed
// answer, so that a retry signs with the server's time; the error then says it is retryable.
func (c *Client) learnSkew(resp *http.Response, e *Error, sent time.Time) {
	serverTime, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	// Date has one-second resolution; the midpoint of the round trip is our best local
	// reading of the moment the server stamped it.
	local := c.now().Add(-time.Since(sent) / 2)
	skew := serverTime.Sub(local)
	c.skew.Store(int64(skew))
	e.ClockSkew, e.ClockSkewCorrected = skew, true
}

// logRequest writes one Debug record. The URL holds bucket, key and query, none of which
// are secret; headers (Authorization, the STS token) are never logged.
func (c *Client) logRequest(ctx context.Context, r *request, req *http.Request, resp *http.Response, start time.Time, err error) {
	if c.log == nil || !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("op", r.op),
		slog.String("method", req.Method),
		slog.String("url", req.URL.String()),
		slog.Duration("duration", time.Since(start)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode),
			slog.String("request_id", resp.Header.Get("x-oss-request-id")))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "oss request", attrs...)
}

// cancelOnClose ends a request's context once its answer's body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelCauseFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel(nil)
	return err
}

// drain reads what is left of a small response body so the connection can be reused.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// readBody reads a whole (small) success body; a failure mid-body is a transport failure.
func readBody(ctx context.Context, op string, resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, classifyTransport(ctx, op, err)
	}
	return data, nil
}

// response extracts the common part of every successful answer.
func response(resp *http.Response) Response {
	return Response{StatusCode: resp.StatusCode, Header: resp.Header, RequestID: resp.Header.Get("x-oss-request-id")}
}
