package bench

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// raw is the baseline: Initiate, UploadPart with the same parallelism, Complete; no hashing,
// no checkpoint, no retry. Each worker sends from its own *os.File through a partBody, so that
// on plain HTTP the kernel copies each part with sendfile.
type raw struct {
	spec   Spec
	client *http.Client
	base   string // endpoint + "/" + bucket + "/" + key, path-style as for an IP endpoint
	res    string // the V1 canonical resource of the object
}

func newRaw(spec Spec) (func(context.Context) error, error) {
	r, err := newRawClient(spec)
	if err != nil {
		return nil, err
	}
	return r.upload, nil
}

// newRawClient is the baselines' plain client: a transport with no compression and at most
// Threads idle connections, trusting spec.CAFile under TLS.
func newRawClient(spec Spec) (*raw, error) {
	tr := &http.Transport{
		MaxIdleConnsPerHost: spec.Threads,
		ForceAttemptHTTP2:   false,
		DisableCompression:  true,
	}
	if spec.CAFile != "" {
		pem, err := os.ReadFile(spec.CAFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: no certificate", spec.CAFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	r := &raw{
		spec:   spec,
		client: &http.Client{Transport: tr},
		base:   strings.TrimSuffix(spec.Endpoint, "/") + "/" + spec.Bucket + "/" + spec.Key,
		res:    "/" + spec.Bucket + "/" + spec.Key,
	}
	return r, nil
}

func (r *raw) upload(ctx context.Context) error {
	defer r.client.CloseIdleConnections()
	fi, err := os.Stat(r.spec.File)
	if err != nil {
		return err
	}
	size := fi.Size()
	parts := int((size + r.spec.PartSize - 1) / r.spec.PartSize)
	if parts == 0 {
		return errors.New("raw baseline: empty file")
	}
	id, err := r.initiate(ctx)
	if err != nil {
		return err
	}
	etags := make([]string, parts)
	next := make(chan int)
	errs := make(chan error, r.spec.Threads)
	var wg sync.WaitGroup
	for range r.spec.Threads {
		wg.Go(func() { errs <- r.worker(ctx, id, size, next, etags) })
	}
	var failed error
feed:
	for n := 1; n <= parts; n++ {
		select {
		case next <- n:
		case failed = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		failed = errors.Join(failed, err)
	}
	if failed != nil {
		return failed
	}
	return r.complete(ctx, id, etags)
}

// worker sends the parts it is handed until next closes; etags[n-1] is written by the one
// worker that sent part n.
func (r *raw) worker(ctx context.Context, id string, size int64, next <-chan int, etags []string) error {
	f, err := os.Open(r.spec.File)
	if err != nil {
		return err
	}
	defer f.Close()
	for n := range next {
		off := int64(n-1) * r.spec.PartSize
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			return err
		}
		q := "?partNumber=" + strconv.Itoa(n) + "&uploadId=" + id
		body := partBody{f: f, end: off + min(r.spec.PartSize, size-off)}
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, r.base+q, body)
		if err != nil {
			return err
		}
		req.ContentLength = min(r.spec.PartSize, size-off)
		signV1(req.Header, req.Method, r.res+q, r.spec.KeyID, r.spec.Secret, time.Now())
		resp, err := r.do(req)
		if err != nil {
			return fmt.Errorf("part %d: %w", n, err)
		}
		etags[n-1] = resp.Header.Get("ETag")
	}
	return nil
}

func (r *raw) initiate(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"?uploads", nil)
	if err != nil {
		return "", err
	}
	signV1(req.Header, req.Method, r.res+"?uploads", r.spec.KeyID, r.spec.Secret, time.Now())
	resp, err := r.do(req)
	if err != nil {
		return "", fmt.Errorf("initiate: %w", err)
	}
	var out struct{ UploadId string }
	if err := xml.Unmarshal(resp.body, &out); err != nil || out.UploadId == "" {
		return "", fmt.Errorf("initiate: no UploadId in %q", resp.body)
	}
	return out.UploadId, nil
}

func (r *raw) complete(ctx context.Context, id string, etags []string) error {
	var b bytes.Buffer
	b.WriteString("<CompleteMultipartUpload>")
	for i, e := range etags {
		fmt.Fprintf(&b, "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>", i+1, e)
	}
	b.WriteString("</CompleteMultipartUpload>")
	q := "?uploadId=" + id
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.base+q, &b)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/xml")
	signV1(req.Header, req.Method, r.res+q, r.spec.KeyID, r.spec.Secret, time.Now())
	if _, err := r.do(req); err != nil {
		return fmt.Errorf("complete: %w", err)
	}
	return nil
}

// partBody is the part of f from its current offset up to end. It must end exactly there,
// because net/http reads a body past Content-Length to refuse one that is too long, so a bare
// *os.File (or any reader of the rest of the file) fails every part but the last. It also
// exposes f's descriptor: under the transport's Content-Length limit, net's sendfile takes any
// syscall.Conn and sends from the file's current offset, moving it; Read therefore asks the
// file where it stands instead of counting. It is the request body itself, with a Close that
// leaves f open: the transport wraps bodies, and an io.NopCloser around it would hide the
// descriptor (as an io.SectionReader would: it is no syscall.Conn).
type partBody struct {
	f   *os.File
	end int64
}

func (b partBody) Read(p []byte) (int, error) {
	pos, err := b.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, err
	}
	if pos >= b.end {
		return 0, io.EOF
	}
	if int64(len(p)) > b.end-pos {
		p = p[:b.end-pos]
	}
	return b.f.Read(p)
}

func (b partBody) SyscallConn() (syscall.RawConn, error) { return b.f.SyscallConn() }

func (partBody) Close() error { return nil }

type rawResponse struct {
	http.Header
	body []byte
}

// do sends req and reads the (small) response; a non-2xx status is an error naming the
// server's code and request id.
func (r *raw) do(req *http.Request) (*rawResponse, error) {
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		var e struct{ Code, Message string }
		xml.Unmarshal(body, &e)
		return nil, fmt.Errorf("HTTP %d %s: %s (request id %s)", resp.StatusCode, e.Code, e.Message,
			resp.Header.Get("X-Oss-Request-Id"))
	}
	return &rawResponse{Header: resp.Header, body: body}, nil
}
