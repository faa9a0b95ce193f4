package ossemu

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
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
//	GET    /_ossemu/health   "ok"
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		http.Error(w, "the admin endpoint answers loopback clients only", http.StatusForbidden)
		return
	}
	switch path := strings.TrimPrefix(r.URL.Path, adminPrefix); {
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
