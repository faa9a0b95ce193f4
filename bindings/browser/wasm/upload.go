//go:build js

package main

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// checkpointDB is the IndexedDB database the browser's checkpoints live in.
const checkpointDB = "ossresume"

// progressEvery spaces progress events; a part's acknowledgement always gets its own.
const progressEvery = 100 * time.Millisecond

// run is what an upload handle stands for.
type run struct {
	id     int
	prog   *upload.ProgressBox
	rec    *upload.RecordBox
	size   int64
	cancel context.CancelCauseFunc
	done   chan struct{} // closed when res and err are final and every progress event is out
	res    *upload.Result
	err    error
}

// uploadStart: args { client, options } with ossr_upload_options' fields, file in place of
// file_path. Bad options are refused here, before any traffic, with no handle.
func uploadStart(_ context.Context, args js.Value) (any, error) {
	c, err := clientOf(args)
	if err != nil {
		return nil, err
	}
	o := args.Get("options")
	if o.Type() != js.TypeObject {
		return nil, badArg("options", "missing or not an object")
	}
	opts, err := readUploadOptions(c, o)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	size, _ := opts.Source.Identify()
	r := &run{prog: upload.NewProgressBox(), rec: upload.NewRecordBox(), size: size.Size, cancel: cancel, done: make(chan struct{})}
	opts.ProgressBox, opts.RecordBox = r.prog, r.rec
	r.id = register(uploads, r)
	relayed := make(chan struct{})
	go r.relay(relayed)
	go func() {
		defer close(r.done)
		defer func() { <-relayed }() // the last progress event goes out before the result
		defer func() {
			if p := recover(); p != nil {
				r.res, r.err = nil, errors.New("internal error: the engine panicked")
			}
		}()
		r.res, r.err = upload.Upload(ctx, engineAPI{c}, opts)
		if r.err != nil && ctx.Err() != nil {
			r.err = errors.Join(context.Cause(ctx), r.err)
		}
	}()
	return map[string]any{"upload": r.id}, nil
}

// readUploadOptions maps the options object onto upload.Options, as capi's readUploadOptions
// maps ossr_upload_options; the rules are the core's (upload.Validate).
func readUploadOptions(c *client, o js.Value) (upload.Options, error) {
	var opts upload.Options
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
	opts = upload.Options{Bucket: str("bucket"), Key: str("key"), Endpoint: c.endpoint,
		PartSize: num("part_size"), Threads: int(num("threads")), Retries: c.retries,
		PutThreshold:     min(num("multipart_threshold"), upload.MaxPartSize),
		ContinueUploadID: str("continue_upload_id")}
	retries, mode, sha := num("retries"), num("checkpoint"), num("part_sha256")
	lines, herr := argStrings(o, "headers")
	if err = errors.Join(err, herr); err != nil {
		return opts, err
	}
	switch {
	case retries < 0:
		opts.Retries = -1
	case retries > 0:
		opts.Retries = int(retries)
	}
	if sha != 0 {
		return opts, badArg("part_sha256", "must be 0 in the browser: SHA-256 in wasm runs at 50-67 MB/s, "+
			"slower than the upload; every part and the object are checked by CRC-64")
	}
	switch mode {
	case 0:
	case 1:
		opts.Checkpoint = true
	default:
		return opts, badArg("checkpoint", strconv.FormatInt(mode, 10)+" is not 0 (off) or 1 (IndexedDB)")
	}
	if opts.Header, err = readHeaders(lines); err != nil {
		return opts, err
	}
	file := o.Get("file")
	if absent(file) {
		return opts, badArg("file", "missing: pass the File (or Blob) to upload")
	}
	src, err := upload.NewBlobSource(file)
	if err != nil {
		return opts, badArg("file", "must be a File or Blob")
	}
	opts.Source = src
	if opts.Checkpoint {
		// Keyed by the object and the file's name: a File selected again after a reload finds
		// its record, whose size and lastModified the engine then compares as a file's identity.
		opts.OpenStore = func(objectID string) (upload.Store, error) {
			return checkpoint.OpenIDB(checkpointDB, objectID+"\n"+src.Name())
		}
	}
	if err := upload.Validate(opts); err != nil {
		return opts, err
	}
	return opts, nil
}

// readHeaders parses "Name: value" lines; the header rule is the core's.
func readHeaders(lines []string) (http.Header, error) {
	h := http.Header{}
	for i, line := range lines {
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		field := "headers[" + strconv.Itoa(i) + "]"
		if !ok {
			return nil, badArg(field, strconv.Quote(line)+" is not \"Name: value\"")
		}
		var ae *oss.ArgumentError
		if err := oss.ValidateHeader(name, value); errors.As(err, &ae) {
			return nil, badArg(field, ae.Reason)
		}
		h.Add(name, value)
	}
	return h, nil
}

// relay posts progress events: every part's acknowledgement, other values at most every
// progressEvery.
func (r *run) relay(done chan<- struct{}) {
	defer close(done)
	var last time.Time
	for {
		d, t, ok := r.prog.Wait()
		if !ok {
			return
		}
		post(map[string]any{"event": "progress", "handle": r.id, "done": d, "total": t})
		if !r.prog.Unread() {
			if wait := progressEvery - time.Since(last); wait > 0 {
				time.Sleep(wait)
			}
		}
		last = time.Now()
	}
}

func uploadOf(args js.Value) (*run, error) {
	h, err := argHandle(args, "upload")
	if err != nil {
		return nil, err
	}
	r, ok := lookup(uploads, h)
	if !ok {
		return nil, badArg("upload", strconv.Itoa(h)+" is not a live upload handle")
	}
	return r, nil
}

// uploadState is ossr_upload_state's body: the record as it grows, null before it has an id.
func uploadState(_ context.Context, args js.Value) (any, error) {
	r, err := uploadOf(args)
	if err != nil {
		return nil, err
	}
	rec, ok := r.rec.Load()
	if !ok {
		return nil, nil
	}
	f := rec.File
	parts := make([]any, 0, len(rec.Parts))
	for _, p := range rec.Parts {
		crc := ""
		if p.HasCRC {
			crc = uitoa(p.CRC64)
		}
		parts = append(parts, map[string]any{"number": p.Number, "etag": p.ETag, "size": p.Size, "crc64": crc})
	}
	return map[string]any{"uploadId": rec.UploadID, "partSize": rec.PartSize, "partCount": rec.PartCount,
		"file": map[string]any{"size": f.Size, "mtimeNs": strconv.FormatInt(f.MtimeNs, 10),
			"ctimeNs": strconv.FormatInt(f.CtimeNs, 10), "dev": uitoa(f.Dev), "ino": uitoa(f.Ino), "name": f.Path},
		"parts": parts}, nil
}

// uploadWait resolves with the result once the upload has ended (every progress event sent).
func uploadWait(_ context.Context, args js.Value) (any, error) {
	r, err := uploadOf(args)
	if err != nil {
		return nil, err
	}
	<-r.done
	if r.err != nil {
		return nil, r.err
	}
	return resultObject(r.res, r.size), nil
}

// resultObject is an ossr_result as the page receives it.
func resultObject(res *upload.Result, size int64) map[string]any {
	names := make([]string, 0, len(res.Header))
	for k := range res.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	var lines []any
	for _, k := range names {
		for _, v := range res.Header[k] {
			lines = append(lines, k+": "+v)
		}
	}
	return map[string]any{"http_status": res.StatusCode, "bucket": res.Bucket, "key": res.Key, "etag": res.ETag,
		"crc64": uitoa(res.CRC64), "request_id": res.RequestID, "upload_id": res.UploadID,
		"version_id": res.Header.Get("X-Oss-Version-Id"), "bytes_sent": res.BytesSent,
		"bytes_resumed": res.BytesResumed, "total_bytes": size, "part_size": res.PartSize, "parts": res.Parts,
		"headers": append([]any{}, lines...), "verified": res.Verified, "body": string(res.Body)}
}

// uploadCancel aborts the requests in flight at once (their fetches' AbortControllers) and
// ends the upload with E_CANCELLED, the checkpoint kept.
func uploadCancel(_ context.Context, args js.Value) (any, error) {
	r, err := uploadOf(args)
	if err != nil {
		return nil, err
	}
	r.cancel(errCancelled)
	return nil, nil
}

// uploadFree cancels the upload if it runs and forgets the handle.
func uploadFree(_ context.Context, args js.Value) (any, error) {
	r, err := uploadOf(args)
	if err != nil {
		return nil, err
	}
	r.cancel(errCancelled)
	drop(uploads, r.id)
	return nil, nil
}

func uitoa(n uint64) string { return strconv.FormatUint(n, 10) }
