package ossemu

import (
	"encoding/base64"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// storedHeaders are the request headers an object keeps (from PutObject or Initiate) and
// returns on GET and HEAD, besides every x-oss-meta-*.
var storedHeaders = []string{"Content-Type", "Cache-Control", "Content-Disposition",
	"Content-Encoding", "Content-Language", "Expires", "X-Oss-Storage-Class",
	"X-Oss-Server-Side-Encryption", "X-Oss-Server-Side-Encryption-Key-Id"}

func objectHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for _, name := range storedHeaders {
		if v := h.Get(name); v != "" {
			out[name] = v
		}
	}
	for k, v := range h {
		if strings.HasPrefix(strings.ToLower(k), "x-oss-meta-") && len(v) > 0 {
			out[textproto.CanonicalMIMEHeaderKey(k)] = v[0]
		}
	}
	if out["Content-Type"] == "" {
		out["Content-Type"] = "application/octet-stream"
	}
	return out
}

func forbidOverwrite(h http.Header) bool {
	return strings.EqualFold(h.Get("x-oss-forbid-overwrite"), "true")
}

func errFileExists() *apiError {
	return errorf(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.")
}

func (s *Server) putObject(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	if !s.st.hasBucket(t.Bucket) {
		return errNoSuchBucket(t.Bucket)
	}
	cb, e := parseCallback(r.Header)
	if e != nil {
		return e
	}
	if forbidOverwrite(r.Header) && s.st.objectExists(t.Bucket, t.Key) {
		return errFileExists()
	}
	got, e := s.receive(r)
	if e != nil {
		return e
	}
	obj := &objectMeta{Key: t.Key, Size: got.size, ETag: got.etag(), CRC: got.crc, Type: "Normal",
		Modified: s.now().UTC(), Header: objectHeaders(r.Header),
		Segments: []segment{{Blob: got.blob, Size: got.size}}}
	if got.md5 != nil {
		obj.MD5 = base64.StdEncoding.EncodeToString(got.md5)
	}
	if forbidOverwrite(r.Header) && s.st.objectExists(t.Bucket, t.Key) {
		s.st.mu.Lock()
		s.st.ref(got.blob)
		s.st.unref(got.blob)
		s.st.mu.Unlock()
		return errFileExists()
	}
	if e := s.st.putObject(t.Bucket, obj); e != nil {
		return e
	}
	h := w.Header()
	h.Set("ETag", obj.ETag)
	h.Set("x-oss-hash-crc64ecma", rc.crcHeader(obj.CRC))
	if obj.MD5 != "" {
		h.Set("Content-MD5", obj.MD5)
	}
	if cb != nil {
		return s.runCallback(w, r, rc, cb, obj, t.Bucket)
	}
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

// setObjectHeaders writes the metadata headers GET and HEAD share.
func setObjectHeaders(h http.Header, obj *objectMeta) {
	for k, v := range obj.Header {
		h.Set(k, v)
	}
	if obj.Header["X-Oss-Storage-Class"] == "" {
		h.Set("X-Oss-Storage-Class", "Standard")
	}
	h.Set("ETag", obj.ETag)
	h.Set("Last-Modified", obj.Modified.UTC().Format(http.TimeFormat))
	h.Set("x-oss-object-type", obj.Type)
	h.Set("Accept-Ranges", "bytes")
	if obj.MD5 != "" {
		h.Set("Content-MD5", obj.MD5)
	}
}

func (s *Server) headObject(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	obj, release, e := s.st.pinObject(rc.target.Bucket, rc.target.Key)
	if e != nil {
		return e
	}
	release()
	h := w.Header()
	setObjectHeaders(h, obj)
	h.Set("x-oss-hash-crc64ecma", rc.crcHeader(obj.CRC))
	h.Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	w.WriteHeader(http.StatusOK)
	return nil
}

// parseRange reads "bytes=a-b", "bytes=a-" or "bytes=-n". Like OSS by default, a range it
// cannot satisfy or parse is ignored (the whole object is sent) unless the client asked for
// standard behaviour with x-oss-range-behavior: standard.
func parseRange(v string, size int64, standard bool) (off, n int64, partial bool, e *apiError) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(v), "bytes=")
	if v == "" || !ok || strings.Contains(spec, ",") {
		return 0, size, false, nil
	}
	a, b, _ := strings.Cut(spec, "-")
	first, errA := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	last, errB := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	switch {
	case a == "" && errB == nil && last > 0: // suffix
		first, last = max(size-last, 0), size-1
	case errA == nil && b == "":
		last = size - 1
	case errA == nil && errB == nil && last >= first:
		last = min(last, size-1)
	default:
		return 0, size, false, nil
	}
	if first >= size || first > last {
		if standard {
			return 0, 0, false, errorf(416, "InvalidRange", "The requested range cannot be satisfied.").with("RangeRequested", v).with("ActualObjectSize", strconv.FormatInt(size, 10))
		}
		return 0, size, false, nil
	}
	return first, last - first + 1, true, nil
}

func (s *Server) getObject(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	obj, release, e := s.st.pinObject(rc.target.Bucket, rc.target.Key)
	if e != nil {
		return e
	}
	defer release()
	if s.opts.Benchmark {
		return errorf(501, "NotImplemented", "Benchmark mode keeps no object data.")
	}
	if e := checkIfMatch(r, obj); e != nil {
		return e
	}
	standard := strings.EqualFold(r.Header.Get("x-oss-range-behavior"), "standard")
	off, n, partial, e := parseRange(r.Header.Get("Range"), obj.Size, standard)
	if e != nil {
		return e
	}
	h := w.Header()
	setObjectHeaders(h, obj)
	q := rc.target.Query
	for _, name := range []string{"Content-Type", "Content-Language", "Expires", "Cache-Control", "Content-Disposition", "Content-Encoding"} {
		if v := q.Get("response-" + strings.ToLower(name)); v != "" {
			h.Set(name, v)
		}
	}
	h.Set("Content-Length", strconv.FormatInt(n, 10))
	status := http.StatusOK
	if partial {
		h.Set("Content-Range", "bytes "+strconv.FormatInt(off, 10)+"-"+strconv.FormatInt(off+n-1, 10)+"/"+strconv.FormatInt(obj.Size, 10))
		h.Del("Content-MD5")
		status = http.StatusPartialContent
	}
	// OSS sends the whole object's CRC-64 on a ranged GET too (the SDKs skip checking it
	// against a range's bytes for that reason).
	h.Set("x-oss-hash-crc64ecma", rc.crcHeader(obj.CRC))
	w.WriteHeader(status)
	s.copyRange(w, obj, off, n) // an error here is the client going away: nothing to answer
	return nil
}

func (s *Server) deleteObject(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	if e := s.st.deleteObject(rc.target.Bucket, rc.target.Key); e != nil {
		return e
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// checkIfMatch answers 412 PreconditionFailed when the request's If-Match names another ETag
// than the object's (OSS compares the quoted ETag; "*" matches any object).
func checkIfMatch(r *http.Request, obj *objectMeta) *apiError {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" || v == "*" {
		return nil
	}
	for _, tag := range strings.Split(v, ",") {
		tag = strings.TrimSpace(tag)
		if strings.EqualFold(tag, obj.ETag) || strings.EqualFold(`"`+strings.Trim(tag, `"`)+`"`, obj.ETag) {
			return nil
		}
	}
	return errorf(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.").with("Condition", "If-Match")
}
