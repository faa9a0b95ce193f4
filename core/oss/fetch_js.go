//go:build js

package oss

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"syscall/js"
	"time"

	"github.com/ossresume/ossresume/core/internal/jsawait"
)

// The browser's transport. Go's own js transport (net/http's roundtrip_js.go) reads a request
// body whole into memory and sends a Uint8Array copy (≈ 14 MB/s for 8 MiB parts in Chromium);
// this one sends a part as a Blob slice of the user's File (≈ 124 MB/s), after the engine's
// part reader drained the same range to hash it: the bytes the CRC-64 covers are the bytes of
// the slice sent (a File is a snapshot: the browser fails reads of one that changed on disk
// rather than give other bytes). Requests are CORS requests without credentials, aborted through an
// AbortController when their context ends.

// BlobSource is a request body's source that the browser can send by itself: the user's File.
type BlobSource interface {
	Blob() js.Value
}

// bodySource is implemented by a request body that is one range of a BlobSource (the upload
// engine's part reader): the transport drains the body (which hashes it), then sends the range
// as a Blob slice. Draining first measured faster than alongside the fetch (256 MiB, 8 MiB
// parts x 4 in Chromium: 43 and 28 MB/s against 37 and 25 in two alternating rounds): the two
// reads of one range then do not compete for the browser's blob storage.
type bodySource interface {
	BodySource() (src any, off, n int64)
}

// FetchError is a fetch that failed without an answer the page may read: the network is down,
// the server unreachable, or (the usual cause once the network works) the bucket's CORS rules
// do not allow this page, and the browser hides the answer. Browsers do not say which. It is
// retried as a refused connection.
type FetchError struct {
	Err error // the TypeError fetch rejected with
}

func (e *FetchError) Error() string {
	return "fetch failed (" + e.Err.Error() + "): the server is unreachable or, when the network works, the bucket's CORS rules " +
		"do not allow this page: add a CORS rule with AllowedOrigin set to this page's origin, AllowedMethod PUT, POST, GET, DELETE, HEAD, " +
		"AllowedHeader *, and ExposeHeader ETag, x-oss-request-id, x-oss-hash-crc64ecma"
}

// Unwrap makes it a refused connection for transportKind, so that it is retried: a network
// blip looks the same.
func (e *FetchError) Unwrap() []error { return []error{e.Err, syscall.ECONNREFUSED} }

// CORSHeaderError is an answer whose header the engine needs was hidden by the browser because
// the bucket's CORS rules do not expose it (OSS always sends ETag with a part's answer).
// Not retried: only the bucket's configuration cures it.
type CORSHeaderError struct {
	Header string
}

func (e *CORSHeaderError) Error() string {
	return "the answer's " + e.Header + " header is hidden by the browser: the bucket's CORS rule must expose it; " +
		"add ExposeHeader ETag, x-oss-request-id and x-oss-hash-crc64ecma to the CORS rule that allows this page"
}

// fetchTimeout ends a request that outlived its bound (see fetchTransport).
type fetchTimeout struct{ after time.Duration }

func (e *fetchTimeout) Error() string   { return "request took longer than " + e.after.String() }
func (e *fetchTimeout) Timeout() bool   { return true }
func (e *fetchTimeout) Temporary() bool { return true }

// fetchTransport bounds each request as a whole: fetch reports no upload progress, so the
// low-speed monitor (which counts what the connection takes) cannot judge a request in flight
// and is off. The bound is curl's low-speed floor over the whole body: ConnectTimeout +
// ReadWriteTimeout + body size ÷ SpeedLimit (an 8 MiB part at the default 1024 B/s: 2h20),
// or ConnectTimeout + ReadWriteTimeout with the limit off.
type fetchTransport struct {
	base  time.Duration
	floor int64 // bytes/s; <= 0: none
}

func roundTripper(cfg *Config, _ *http.Transport) http.RoundTripper {
	ft := &fetchTransport{base: cfg.ConnectTimeout + cfg.ReadWriteTimeout, floor: cfg.SpeedLimit}
	cfg.SpeedLimit = -1
	return ft
}

// forbidden are request headers a browser sets itself (it drops or refuses ours); Date is
// replaced by x-oss-date in signing (see Signer.Sign), User-Agent would only cost a preflight
// header.
var forbidden = map[string]bool{"Host": true, "Content-Length": true, "Date": true, "User-Agent": true,
	"Connection": true, "Accept-Encoding": true, "Expect": true, "Transfer-Encoding": true}

// drainSize is the largest buffer the transport drains a Blob-backed body into: the reader
// hashes it and the source reads it as one slice (each read costs ≈ 2 ms besides its bytes;
// 8 MiB ones measured faster than 4 MiB ones: 37 and 25 MB/s against 24 and 17 for 256 MiB in
// 8 MiB parts x 4). A smaller part gets a buffer of its size rounded up to a MiB, so that memory
// stays near threads × part size: drainBufs[i] holds buffers of i+1 MiB.
const drainSize = 8 << 20

var drainBufs [drainSize >> 20]sync.Pool

func getDrainBuf(n int64) *[]byte {
	mib := int(min(drainSize, (n+1<<20-1)&^(1<<20-1))) >> 20
	if b, ok := drainBufs[mib-1].Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, mib<<20)
	return &b
}

func putDrainBuf(b *[]byte) { drainBufs[len(*b)>>20-1].Put(b) }

func (ft *fetchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	bound := ft.base
	if ft.floor > 0 && req.ContentLength > 0 {
		bound += time.Duration(req.ContentLength/ft.floor) * time.Second
	}
	parent := req.Context()
	ctx, cancel := context.WithTimeoutCause(parent, bound, &fetchTimeout{after: bound})
	ac := js.Global().Get("AbortController").New()
	stopAbort := context.AfterFunc(ctx, func() { ac.Call("abort") })
	ok := false
	defer func() {
		if !ok {
			stopAbort()
			cancel()
		}
	}()

	init := js.Global().Get("Object").New()
	init.Set("method", req.Method)
	init.Set("mode", "cors")
	init.Set("credentials", "omit")
	init.Set("cache", "no-store")
	init.Set("signal", ac.Get("signal"))
	headers := js.Global().Get("Headers").New()
	for k, vs := range req.Header {
		if forbidden[http.CanonicalHeaderKey(k)] {
			continue
		}
		for _, v := range vs {
			headers.Call("append", k, v)
		}
	}
	init.Set("headers", headers)

	if req.Body != nil && req.Body != http.NoBody {
		if blob, drain, ok := blobBody(req.Body); ok {
			// The file failing the reader (NotReadableError, say) fails the request unsent.
			if err := drain(ctx); err != nil {
				return nil, fetchFailure(ctx, err)
			}
			init.Set("body", blob)
		} else {
			data, err := io.ReadAll(req.Body)
			if err != nil {
				return nil, err
			}
			a := js.Global().Get("Uint8Array").New(len(data))
			js.CopyBytesToJS(a, data)
			init.Set("body", a)
		}
	}

	resp, err := jsawait.Await(js.Global().Call("fetch", req.URL.String(), init))
	if err != nil {
		return nil, fetchFailure(ctx, err)
	}
	out := &http.Response{Status: strconv.Itoa(resp.Get("status").Int()) + " " + resp.Get("statusText").String(),
		StatusCode: resp.Get("status").Int(), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Request: req, ContentLength: -1}
	fe := js.FuncOf(func(_ js.Value, args []js.Value) any {
		out.Header.Add(args[1].String(), args[0].String())
		return nil
	})
	resp.Get("headers").Call("forEach", fe)
	fe.Release()
	if n, err := strconv.ParseInt(out.Header.Get("Content-Length"), 10, 64); err == nil {
		out.ContentLength = n
	}
	body := &fetchBody{cancel: cancel, stopAbort: stopAbort, ctx: ctx}
	if b := resp.Get("body"); b.Truthy() {
		body.reader = b.Call("getReader")
	}
	out.Body = body
	if h := missingPartHeader(req, out); h != "" {
		body.Close()
		ok = true
		return nil, &CORSHeaderError{Header: h}
	}
	ok = true
	return out, nil
}

// missingPartHeader names ETag when a part's 2xx answer arrived without it: OSS always sends
// one, so the browser hid it.
func missingPartHeader(req *http.Request, resp *http.Response) string {
	q := req.URL.Query()
	if req.Method == http.MethodPut && q.Has("partNumber") && q.Has("uploadId") &&
		resp.StatusCode/100 == 2 && resp.Header.Get("ETag") == "" {
		return "ETag"
	}
	return ""
}

// blobBody finds the Blob slice a body stands for through the client's guard, and the drain
// that feeds the body's reader (which hashes what it reads) the same bytes.
func blobBody(body io.Reader) (js.Value, func(context.Context) error, bool) {
	g, ok := body.(*bodyGuard)
	if !ok {
		return js.Value{}, nil, false
	}
	bs, ok := g.r.(bodySource)
	if !ok {
		return js.Value{}, nil, false
	}
	if ca, ok := g.r.(interface{ CountAtAck() }); ok {
		// The drain reads the part before a byte of it is sent: counting those reads would
		// show it sent while it waits for the wire.
		ca.CountAtAck()
	}
	src, off, n := bs.BodySource()
	b, ok := src.(BlobSource)
	if !ok {
		return js.Value{}, nil, false
	}
	slice := b.Blob().Call("slice", float64(off), float64(off+n))
	drain := func(ctx context.Context) error {
		buf := getDrainBuf(n)
		defer putDrainBuf(buf)
		p := (*buf)[:min(int64(len(*buf)), n)]
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			_, err := g.Read(p) // the part reader reads straight into p, one slice per call
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}
	return slice, drain, true
}

// fetchFailure is what a rejected fetch (or body read) means: the request's end (its bound or
// the caller's cancel), a network or CORS failure (a TypeError), or the reader's own error.
func fetchFailure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if cause := context.Cause(ctx); cause != nil {
			return cause
		}
		return ctx.Err()
	}
	var je *jsawait.Error
	if errors.As(err, &je) && je.Name == "TypeError" {
		return &FetchError{Err: je}
	}
	return err
}

// fetchBody streams an answer's body from its ReadableStream.
type fetchBody struct {
	reader    js.Value // undefined: no body
	pending   []byte
	done      bool
	ctx       context.Context
	cancel    context.CancelFunc
	stopAbort func() bool
	closeOnce sync.Once
}

func (b *fetchBody) Read(p []byte) (int, error) {
	for len(b.pending) == 0 {
		if b.done || b.reader.IsUndefined() {
			return 0, io.EOF
		}
		r, err := jsawait.Await(b.reader.Call("read"))
		if err != nil {
			return 0, fetchFailure(b.ctx, err)
		}
		if r.Get("done").Bool() {
			b.done = true
			return 0, io.EOF
		}
		v := r.Get("value")
		chunk := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(chunk, v)
		b.pending = chunk
	}
	n := copy(p, b.pending)
	b.pending = b.pending[n:]
	return n, nil
}

func (b *fetchBody) Close() error {
	b.closeOnce.Do(func() {
		if !b.reader.IsUndefined() && !b.done {
			b.reader.Call("cancel")
		}
		b.stopAbort()
		b.cancel()
	})
	return nil
}
