package ossemu

import (
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Bucket CORS as OSS does it (OSS API reference: PutBucketCors, GetBucketCors, DeleteBucketCors,
// Options): up to 10 rules, matched in order; an unsigned OPTIONS preflight answered from the
// first rule that allows the origin, the method and every requested header; actual requests
// from an allowed origin (errors included) carry the CORS headers, so a browser client can
// read the OSS error code.

const maxCORSRules = 10

// corsRule is one CORSRule. MaxAgeSeconds is a list only to refuse a rule with two.
type corsRule struct {
	AllowedOrigin []string
	AllowedMethod []string
	AllowedHeader []string `xml:",omitempty"`
	ExposeHeader  []string `xml:",omitempty"`
	MaxAgeSeconds []string `xml:",omitempty"`
}

type corsConfig struct {
	XMLName      xml.Name `xml:"CORSConfiguration"`
	CORSRule     []corsRule
	ResponseVary *bool `xml:",omitempty"`
}

// corsRules holds each bucket's configuration; fallback (--cors) serves buckets without one.
type corsRules struct {
	mu       sync.Mutex
	byBucket map[string]*corsConfig
	fallback *corsConfig
}

// anyOriginCORS is the --cors rule: any origin, every method and header, and the response
// headers a browser uploader needs to read (ETag for Complete, the request id, the CRC, and
// Date for clock-skew correction).
func anyOriginCORS() *corsConfig {
	return &corsConfig{CORSRule: []corsRule{{
		AllowedOrigin: []string{"*"},
		AllowedMethod: []string{"GET", "PUT", "DELETE", "POST", "HEAD"},
		AllowedHeader: []string{"*"},
		ExposeHeader:  []string{"ETag", "x-oss-request-id", "x-oss-hash-crc64ecma", "Date"},
		MaxAgeSeconds: []string{"600"},
	}}}
}

func (c *corsRules) get(bucket string) *corsConfig {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cfg := c.byBucket[bucket]; cfg != nil {
		return cfg
	}
	return c.fallback
}

func (c *corsRules) set(bucket string, cfg *corsConfig) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byBucket == nil {
		c.byBucket = map[string]*corsConfig{}
	}
	if cfg == nil {
		delete(c.byBucket, bucket)
		return
	}
	c.byBucket[bucket] = cfg
}

var corsMethods = toSet("GET", "PUT", "DELETE", "POST", "HEAD")

// validate applies PutBucketCors's rules; the message names what is wrong.
func (cfg *corsConfig) validate() *apiError {
	bad := func(msg string) *apiError { return errorf(400, "InvalidArgument", msg) }
	if len(cfg.CORSRule) == 0 {
		return errorf(400, "MalformedXML", "The CORSConfiguration must hold at least one CORSRule.")
	}
	if len(cfg.CORSRule) > maxCORSRules {
		return bad("A CORSConfiguration holds at most 10 CORSRules, this one has " + strconv.Itoa(len(cfg.CORSRule)) + ".")
	}
	for i, r := range cfg.CORSRule {
		n := "CORSRule " + strconv.Itoa(i+1) + ": "
		if len(r.AllowedOrigin) == 0 || len(r.AllowedMethod) == 0 {
			return bad(n + "AllowedOrigin and AllowedMethod are required.")
		}
		for _, o := range r.AllowedOrigin {
			if o == "" || strings.Count(o, "*") > 1 {
				return bad(n + "AllowedOrigin " + strconv.Quote(o) + " may hold at most one '*'.")
			}
		}
		for _, m := range r.AllowedMethod {
			if !corsMethods[m] {
				return bad(n + "AllowedMethod " + strconv.Quote(m) + " is not one of GET, PUT, DELETE, POST, HEAD.")
			}
		}
		for _, h := range r.AllowedHeader {
			if strings.Count(h, "*") > 1 {
				return bad(n + "AllowedHeader " + strconv.Quote(h) + " may hold at most one '*'.")
			}
		}
		for _, h := range r.ExposeHeader {
			if strings.Contains(h, "*") {
				return bad(n + "ExposeHeader " + strconv.Quote(h) + " may not hold a wildcard.")
			}
		}
		if len(r.MaxAgeSeconds) > 1 {
			return bad(n + "at most one MaxAgeSeconds.")
		}
		for _, a := range r.MaxAgeSeconds {
			if v, err := strconv.Atoi(strings.TrimSpace(a)); err != nil || v < 0 {
				return bad(n + "MaxAgeSeconds " + strconv.Quote(a) + " is not a non-negative integer.")
			}
		}
	}
	return nil
}

// wildMatch matches s against a pattern with at most one '*' (any run of characters).
func wildMatch(pattern, s string) bool {
	before, after, wild := strings.Cut(pattern, "*")
	if !wild {
		return pattern == s
	}
	return len(s) >= len(before)+len(after) && strings.HasPrefix(s, before) && strings.HasSuffix(s, after)
}

// match is the first rule allowing origin, method and (for a preflight) every header.
func (cfg *corsConfig) match(origin, method string, headers []string) *corsRule {
	if cfg == nil || origin == "" {
		return nil
	}
rules:
	for i := range cfg.CORSRule {
		r := &cfg.CORSRule[i]
		if !anyMatch(r.AllowedOrigin, origin, false) || !anyMatch(r.AllowedMethod, method, false) {
			continue
		}
		for _, h := range headers {
			if !anyMatch(r.AllowedHeader, h, true) {
				continue rules
			}
		}
		return r
	}
	return nil
}

func anyMatch(patterns []string, s string, fold bool) bool {
	if fold {
		s = strings.ToLower(s)
	}
	for _, p := range patterns {
		if fold {
			p = strings.ToLower(p)
		}
		if wildMatch(strings.TrimSpace(p), s) {
			return true
		}
	}
	return false
}

// setHeaders writes the CORS response headers of rule r for origin.
func (cfg *corsConfig) setHeaders(h http.Header, r *corsRule, origin string, allowHeaders []string) {
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", strings.Join(r.AllowedMethod, ", "))
	if len(allowHeaders) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(allowHeaders, ", "))
	}
	if len(r.ExposeHeader) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(r.ExposeHeader, ", "))
	}
	if len(r.MaxAgeSeconds) == 1 {
		h.Set("Access-Control-Max-Age", strings.TrimSpace(r.MaxAgeSeconds[0]))
	}
	if cfg.ResponseVary != nil && *cfg.ResponseVary {
		h.Add("Vary", "Origin")
	}
}

// applyCORS adds the CORS headers to the answer of an actual (non-preflight) request from an
// allowed origin, before the request is handled, so that error answers carry them too.
func (s *Server) applyCORS(h http.Header, r *http.Request, bucket string) {
	origin := r.Header.Get("Origin")
	if origin == "" || bucket == "" || !s.st.hasBucket(bucket) {
		return
	}
	cfg := s.cors.get(bucket)
	if rule := cfg.match(origin, r.Method, nil); rule != nil {
		cfg.setHeaders(h, rule, origin, nil)
	}
}

// requestedHeaders splits Access-Control-Request-Headers.
func requestedHeaders(v string) []string {
	var out []string
	for _, h := range strings.Split(v, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, strings.ToLower(h))
		}
	}
	return out
}

// preflight answers OPTIONS (unsigned).
func (s *Server) preflight(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	origin, method := r.Header.Get("Origin"), r.Header.Get("Access-Control-Request-Method")
	if origin == "" || method == "" {
		return errorf(400, "InvalidArgument", "A CORS preflight needs the Origin and Access-Control-Request-Method headers.")
	}
	if !s.st.hasBucket(rc.target.Bucket) {
		return errNoSuchBucket(rc.target.Bucket)
	}
	headers := requestedHeaders(r.Header.Get("Access-Control-Request-Headers"))
	cfg := s.cors.get(rc.target.Bucket)
	rule := cfg.match(origin, method, headers)
	if rule == nil {
		return errorf(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")
	}
	cfg.setHeaders(w.Header(), rule, origin, headers)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) putBucketCors(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	if !s.st.hasBucket(rc.target.Bucket) {
		return errNoSuchBucket(rc.target.Bucket)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return errInternal(err)
	}
	var cfg corsConfig
	if err := xml.Unmarshal(body, &cfg); err != nil {
		return errorf(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
	}
	if e := cfg.validate(); e != nil {
		return e
	}
	if err := s.st.persist(func(d *diskMeta) error { return d.saveCORS(rc.target.Bucket, &cfg) }); err != nil {
		return errInternal(err)
	}
	s.cors.set(rc.target.Bucket, &cfg)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) getBucketCors(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	if !s.st.hasBucket(rc.target.Bucket) {
		return errNoSuchBucket(rc.target.Bucket)
	}
	cfg := s.cors.get(rc.target.Bucket)
	if cfg == nil {
		return errorf(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist.").with("BucketName", rc.target.Bucket)
	}
	writeXML(w, http.StatusOK, cfg)
	return nil
}

func (s *Server) deleteBucketCors(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	if !s.st.hasBucket(rc.target.Bucket) {
		return errNoSuchBucket(rc.target.Bucket)
	}
	if err := s.st.persist(func(d *diskMeta) error { return d.saveCORS(rc.target.Bucket, nil) }); err != nil {
		return errInternal(err)
	}
	s.cors.set(rc.target.Bucket, nil)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// saveCORS keeps a bucket's rules in buckets/<name>/cors.json (nil: removes them); the bucket's
// directory goes with DeleteBucket.
func (d *diskMeta) saveCORS(bucket string, cfg *corsConfig) error {
	path := filepath.Join(d.bucketDir(bucket), "cors.json")
	if cfg != nil {
		return d.writeJSON(path, cfg)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// loadCORS reads every bucket's saved rules.
func (s *Server) loadCORS() error {
	return s.st.persist(func(d *diskMeta) error {
		for _, b := range s.st.bucketNames() {
			var cfg corsConfig
			switch err := readJSON(filepath.Join(d.bucketDir(b.Name), "cors.json"), &cfg); {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				return err
			default:
				s.cors.set(b.Name, &cfg)
			}
		}
		return nil
	})
}
