package ossemu

import (
	"net/http"
	"strconv"
	"time"
)

// reqCtx is what one request's handling accumulates for its response and its log entry.
type reqCtx struct {
	requestID string
	op        string
	target    target
	uploadID  string
	part      int
	rangeHdr  string // a GET's Range header, for the log and range-start faults
	cleanCut  bool   // a cut-after fault: end the connection in order, not with a reset
	code      string
	fault     string
	wrongCRC  bool
	reset     bool
}

// crcHeader formats a CRC for x-oss-hash-crc64ecma, wrong on purpose under a wrong-crc fault.
func (rc *reqCtx) crcHeader(crc uint64) string {
	if rc.wrongCRC {
		crc ^= 0x5A5A5A5A5A5A5A5A
	}
	return strconv.FormatUint(crc, 10)
}

type handlerFunc func(s *Server, w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError

// classify names the operation a request asks for and the handler that serves it.
func classify(method string, t target) (string, handlerFunc) {
	q := t.Query
	unsupported := func(allowed ...string) bool {
		ok := toSet(append(allowed, "security-token")...)
		for k := range q {
			if v1SubResources[k] && !ok[k] {
				return true
			}
		}
		return false
	}
	switch {
	case t.Bucket == "":
		if method == http.MethodGet && !unsupported() {
			return "ListBuckets", (*Server).listBuckets
		}
	case method == http.MethodOptions:
		return "Options", (*Server).preflight
	case t.Key == "":
		switch {
		case q.Has("cors") && method == http.MethodPut && !unsupported("cors"):
			return "PutBucketCors", (*Server).putBucketCors
		case q.Has("cors") && method == http.MethodGet && !unsupported("cors"):
			return "GetBucketCors", (*Server).getBucketCors
		case q.Has("cors") && method == http.MethodDelete && !unsupported("cors"):
			return "DeleteBucketCors", (*Server).deleteBucketCors
		case method == http.MethodPut && !unsupported():
			return "PutBucket", (*Server).putBucket
		case method == http.MethodDelete && !unsupported():
			return "DeleteBucket", (*Server).deleteBucket
		case method == http.MethodGet && q.Has("uploads") && !unsupported("uploads"):
			return "ListMultipartUploads", (*Server).listMultipartUploads
		case method == http.MethodGet && !unsupported("continuation-token"):
			return "ListObjects", (*Server).listObjects
		}
	default:
		switch {
		case method == http.MethodPut && q.Has("uploadId") && !unsupported("uploadId", "partNumber"):
			return "UploadPart", (*Server).uploadPart
		case method == http.MethodPut && !unsupported():
			return "PutObject", (*Server).putObject
		case method == http.MethodGet && q.Has("uploadId") && !unsupported("uploadId"):
			return "ListParts", (*Server).listParts
		case method == http.MethodGet && !unsupported("versionId", "response-content-type",
			"response-content-language", "response-expires", "response-cache-control",
			"response-content-disposition", "response-content-encoding"):
			return "GetObject", (*Server).getObject
		case method == http.MethodHead && !unsupported("versionId", "objectMeta"):
			return "HeadObject", (*Server).headObject
		case method == http.MethodDelete && q.Has("uploadId") && !unsupported("uploadId"):
			return "AbortMultipartUpload", (*Server).abortMultipartUpload
		case method == http.MethodDelete && !unsupported("versionId"):
			return "DeleteObject", (*Server).deleteObject
		case method == http.MethodPost && q.Has("uploads") && !unsupported("uploads", "sequential", "withHashContext"):
			return "InitiateMultipartUpload", (*Server).initiateMultipartUpload
		case method == http.MethodPost && q.Has("uploadId") && !unsupported("uploadId"):
			return "CompleteMultipartUpload", (*Server).completeMultipartUpload
		}
	}
	return "", nil
}

// ServeHTTP serves the OSS API, and the admin endpoint under /_ossemu/ (path-style only, so it
// cannot shadow an object key of a virtual-hosted bucket).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.gate.enter() {
		// Close has cut the connections and is waiting for the last handlers; this request
		// slipped in on a connection closed under it, so nobody is listening for the answer.
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	defer s.gate.leave()
	rc := &reqCtx{requestID: s.newRequestID()}
	h := w.Header()
	h.Set("x-oss-request-id", rc.requestID)
	h.Set("Date", s.now().UTC().Format(http.TimeFormat))
	h.Set("Server", "AliyunOSS")
	if s.isAdmin(r) {
		s.serveAdmin(w, r)
		return
	}
	body := &bodyReader{r: r.Body, limit: -1}
	r.Body = body
	rw := &respWriter{ResponseWriter: w, limit: -1}
	started := s.now()
	logged := false
	logEntry := func() {
		if logged {
			return
		}
		logged = true
		status := rw.status
		if status == 0 {
			status = http.StatusOK
		}
		if rc.reset {
			status = 0
		}
		n := body.n
		if r.Method == http.MethodGet {
			n = rw.n
		}
		s.log.add(Request{Time: started, Method: r.Method, Op: rc.op, Bucket: rc.target.Bucket,
			Key: rc.target.Key, UploadID: rc.uploadID, PartNumber: rc.part, Bytes: n,
			Status: status, Code: rc.code, Fault: rc.fault, RequestID: rc.requestID, Range: rc.rangeHdr,
			Remote: r.RemoteAddr, Auth: authScheme(r.Header.Get("Authorization"))})
	}
	defer logEntry()
	// A reset is logged before the connection is cut: a client that sees the reset must find
	// the entry already there. The handler runs on after the cut, but nothing it does later
	// reaches the client or the log.
	doReset := func() {
		rc.reset, rw.isReset = true, true
		logEntry()
		if rc.cleanCut {
			cutConn(w)
		} else {
			resetConn(w)
		}
	}
	body.reset, rw.reset = doReset, doReset
	if e := s.handle(rw, r, rc, body); e != nil && !rc.reset {
		writeError(rw, r, rc, e)
	}
}

func (s *Server) handle(w *respWriter, r *http.Request, rc *reqCtx, body *bodyReader) *apiError {
	t, e := s.resolveTarget(r)
	rc.target = t
	if t.Query != nil {
		rc.uploadID = t.Query.Get("uploadId")
		rc.part, _ = strconv.Atoi(t.Query.Get("partNumber"))
	}
	if e != nil {
		return e
	}
	op, serve := classify(r.Method, t)
	if op == "PutObject" && r.Header.Get("x-oss-copy-source") != "" {
		op, serve = "CopyObject", (*Server).copyObject
	}
	rc.op = op
	if op == "Options" { // preflights are never signed (OSS API reference, Options)
		return serve(s, w, r, rc)
	}
	s.applyCORS(w.Header(), r, t.Bucket)
	if _, e := s.authenticate(r, t); e != nil {
		return e
	}
	if serve == nil {
		return errorf(501, "NotImplemented", "ossemu does not implement this operation ("+r.Method+" "+r.URL.RequestURI()+").")
	}
	if r.Method == http.MethodGet {
		rc.rangeHdr = r.Header.Get("Range")
	}
	p := s.faults.matchRange(op, t.Bucket, t.Key, rc.part, rangeStart(rc.rangeHdr))
	if p == nil {
		return serve(s, w, r, rc)
	}
	rc.fault = p.fired()
	if p.delay > 0 {
		timer := time.NewTimer(p.delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return errorf(499, "ClientClosed", "The client went away during an injected delay.")
		case <-s.quit:
			return errorf(503, "ServiceUnavailable", "The server is shutting down.")
		}
	}
	if p.bandwidth > 0 {
		body.throttle, w.throttle = newThrottle(p.bandwidth, s.quit), newThrottle(p.bandwidth, s.quit)
	}
	if p.cutAfter >= 0 && r.Method == http.MethodGet {
		w.limit, rc.cleanCut = p.cutAfter, true
	}
	if p.resetAfter >= 0 && !p.after {
		if r.Method == http.MethodPut || r.Method == http.MethodPost {
			body.limit = p.resetAfter
		} else {
			w.limit = p.resetAfter
		}
	}
	rc.wrongCRC = p.wrongCRC
	w.crc, w.noETag = p.crc, p.noETag
	w.corrupt = p.corrupt
	if p.expire && rc.uploadID != "" {
		s.st.expireUpload(rc.uploadID)
	}
	if p.creep {
		if creeping(w, op, t) {
			return nil
		}
	}
	if p.drip > 0 || p.dripBody > 0 {
		// The operation happens; its answer, error or not, leaves as slowly as asked.
		ans := &bufferWriter{h: w.Header().Clone()}
		e := p.err
		if e == nil {
			e = serve(s, ans, r, rc)
		}
		if e != nil {
			writeError(ans, r, rc, e)
		}
		applyCRCFault(ans.h, p.crc)
		w.status = ans.status
		drip(w.ResponseWriter, ans, max(p.drip, p.dripBody), p.drip > 0, s.quit)
		return nil
	}
	if p.after {
		// The operation happens; its answer is replaced (a lost or failed response).
		if e := serve(s, &discardWriter{h: http.Header{}}, r, rc); e != nil {
			return e // the operation failed on its own: that is the answer
		}
		if p.resetAfter >= 0 {
			body.reset()
			return nil
		}
		return p.err
	}
	if p.resetAfter == 0 { // before anything, even for a request without a body
		body.reset()
		return nil
	}
	if p.err != nil {
		return p.err
	}
	return serve(s, w, r, rc)
}
