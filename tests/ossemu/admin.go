package ossemu

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// adminPrefix starts the admin paths. "_" cannot occur in a bucket name, so a path-style
// request never means a bucket here; virtual-hosted requests never reach the admin endpoint.
const adminPrefix = "/_ossemu/"

func (s *Server) isAdmin(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, adminPrefix) && s.virtualBucket(r.Host) == ""
}

// serveAdmin answers the test harness (no signature; loopback clients only):
//
//	GET    /_ossemu/faults   the faults, with how often each matched and fired (JSON)
//	POST   /_ossemu/faults   add the faults in the body, one spec per line
//	DELETE /_ossemu/faults   remove every fault
//	GET    /_ossemu/log      the request log (JSON array); ?format=jsonl for JSON lines
//	DELETE /_ossemu/log      empty the request log
//	GET    /_ossemu/uploads?bucket=B   the bucket's open multipart uploads (JSON)
//	GET    /_ossemu/object/<bucket>/<key>  the object's bytes as stored, with its CRC-64 in
//	                         x-oss-hash-crc64ecma and GetObject's headers (no signature, no
//	                         fault: how a test reads back what a client uploaded)
//	GET    /_ossemu/health   "ok"
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		http.Error(w, "the admin endpoint answers loopback clients only", http.StatusForbidden)
		return
	}
	switch path := strings.TrimPrefix(r.URL.Path, adminPrefix); {
	case strings.HasPrefix(path, "object/") && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.adminObject(w, r, strings.TrimPrefix(path, "object/"))
	case path == "health" && r.Method == http.MethodGet:
		io.WriteString(w, "ok\n")
	case path == "faults" && r.Method == http.MethodGet:
		writeJSON(w, s.faults.list())
	case path == "faults" && r.Method == http.MethodPost:
		var specs []string
		sc := bufio.NewScanner(io.LimitReader(r.Body, 1<<20))
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
				specs = append(specs, line)
			}
		}
		for _, spec := range specs { // all or nothing: check every line before adding any
			if _, err := parseFault(spec); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		for _, spec := range specs {
			s.faults.add(spec)
		}
		writeJSON(w, s.faults.list())
	case path == "faults" && r.Method == http.MethodDelete:
		s.faults.clear()
		w.WriteHeader(http.StatusNoContent)
	case path == "log" && r.Method == http.MethodGet:
		entries := s.log.snapshot()
		if r.URL.Query().Get("format") == "jsonl" {
			w.Header().Set("Content-Type", "application/x-ndjson")
			enc := json.NewEncoder(w)
			for _, e := range entries {
				enc.Encode(e)
			}
			return
		}
		if entries == nil {
			entries = []Request{}
		}
		writeJSON(w, entries)
	case path == "log" && r.Method == http.MethodDelete:
		s.log.reset()
		w.WriteHeader(http.StatusNoContent)
	case path == "uploads" && r.Method == http.MethodGet:
		ups := s.OpenUploads(r.URL.Query().Get("bucket"))
		if ups == nil {
			ups = []UploadInfo{}
		}
		writeJSON(w, ups)
	default:
		http.Error(w, "unknown admin request "+r.Method+" "+r.URL.Path, http.StatusNotFound)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// adminObject answers GET /_ossemu/object/<bucket>/<key>: the stored bytes, the stored CRC-64
// (x-oss-hash-crc64ecma, the header OSS uses), and the headers GetObject would send (ETag,
// Content-Type, x-oss-meta-*, ...); 404 naming what is missing.
func (s *Server) adminObject(w http.ResponseWriter, r *http.Request, bucketKey string) {
	bucket, key, _ := strings.Cut(bucketKey, "/")
	if s.opts.Benchmark {
		http.Error(w, "benchmark mode keeps no data", http.StatusNotImplemented)
		return
	}
	if bucket == "" || key == "" {
		http.Error(w, "want /_ossemu/object/<bucket>/<key>", http.StatusBadRequest)
		return
	}
	obj, release, e := s.st.pinObject(bucket, key)
	if e != nil {
		http.Error(w, e.Code+": "+bucket+"/"+key, e.Status)
		return
	}
	defer release()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream") // unless the object has its own
	setObjectHeaders(h, obj)
	h.Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	h.Set("x-oss-hash-crc64ecma", strconv.FormatUint(obj.CRC, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		s.copyRange(w, obj, 0, obj.Size)
	}
}
