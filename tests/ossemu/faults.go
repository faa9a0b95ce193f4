package ossemu

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"time"
)

// fault is one parsed --fault spec (syntax in the package documentation) with its counters.
type fault struct {
	spec string
	// which requests it looks at
	ops    map[string]bool // nil: every operation
	bucket string
	key    string
	part   int
	// rangeStart, when >= 0, takes only GETs whose Range starts at this byte (range-start=N)
	rangeStart int64
	// which of those it fires on
	nth, every, times int
	p                 float64
	hasP              bool
	rng               *rand.Rand
	// what it does
	status     int
	code, msg  string
	after      bool // apply the operation, then answer the error
	resetAfter int64
	cutAfter   int64 // GET: close the connection in order after this many body bytes; -1: no
	delay      time.Duration
	bandwidth  int64
	wrongCRC   bool
	expire     bool
	crc        string        // "missing" or "garbage": x-oss-hash-crc64ecma stripped or unreadable
	creep      bool          // list pages that never end: each marker one past the last
	noETag     bool          // send no ETag header
	corrupt    bool          // flip the first byte of the response body
	drip       time.Duration // send the whole answer one byte per drip
	dripBody   time.Duration // send the head at once, then the body one byte per dripBody

	seen, fired int
}

var opAliases = map[string]string{
	"initiate": "InitiateMultipartUpload", "complete": "CompleteMultipartUpload",
	"abort": "AbortMultipartUpload", "listuploads": "ListMultipartUploads",
}

var knownOps = toSet("PutBucket", "DeleteBucket", "PutObject", "GetObject", "HeadObject",
	"DeleteObject", "InitiateMultipartUpload", "UploadPart", "ListParts",
	"CompleteMultipartUpload", "AbortMultipartUpload", "ListMultipartUploads", "ListObjects",
	"ListBuckets", "CopyObject")

func canonicalOp(name string) (string, bool) {
	if a, ok := opAliases[strings.ToLower(name)]; ok {
		return a, true
	}
	for op := range knownOps {
		if strings.EqualFold(op, name) {
			return op, true
		}
	}
	return "", false
}

// defaultCodes name the error when a spec gives only a status.
var defaultCodes = map[int]string{400: "InvalidRequest", 403: "AccessDenied", 404: "NoSuchKey",
	409: "Conflict", 429: "TooManyRequests", 500: "InternalError", 502: "BadGateway",
	503: "ServiceUnavailable", 504: "GatewayTimeout"}

// defaultStatuses give the status when a spec gives only a code.
var defaultStatuses = map[string]int{"SlowDown": 503, "ServiceUnavailable": 503,
	"RequestTimeout": 400, "NoSuchUpload": 404, "NoSuchKey": 404, "AccessDenied": 403,
	"TooManyRequests": 429, "InvalidPart": 400, "EntityTooSmall": 400}

// parseFault reads "k=v,k=v,flag" (see the package documentation).
func parseFault(spec string) (*fault, error) {
	f := &fault{spec: strings.TrimSpace(spec), resetAfter: -1, rangeStart: -1, cutAfter: -1}
	if f.spec == "" {
		return nil, fmt.Errorf("empty fault spec")
	}
	seed, hasSeed := int64(1), false
	bad := func(k, v, why string) error { return fmt.Errorf("fault %q: %s=%q: %s", spec, k, v, why) }
	for _, item := range strings.Split(f.spec, ",") {
		k, v, hasV := strings.Cut(strings.TrimSpace(item), "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		num := func() (int, error) {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return 0, bad(k, v, "want a whole number ≥ 1")
			}
			return n, nil
		}
		var err error
		switch k {
		case "op":
			f.ops = map[string]bool{}
			for _, name := range strings.Split(v, "|") {
				op, ok := canonicalOp(strings.TrimSpace(name))
				if !ok {
					return nil, bad(k, v, "unknown operation "+name)
				}
				f.ops[op] = true
			}
		case "bucket":
			f.bucket = v
		case "key":
			f.key = v
		case "part":
			f.part, err = num()
		case "range-start":
			f.rangeStart, err = parseSize(v)
		case "nth":
			f.nth, err = num()
		case "every":
			f.every, err = num()
		case "times":
			f.times, err = num()
		case "p":
			f.p, err = strconv.ParseFloat(v, 64)
			f.hasP = true
			if err != nil || f.p < 0 || f.p > 1 {
				err = bad(k, v, "want a probability in [0, 1]")
			}
		case "seed":
			seed, err = strconv.ParseInt(v, 10, 64)
			hasSeed = true
			if err != nil {
				err = bad(k, v, "want an integer")
			}
		case "status":
			f.status, err = strconv.Atoi(v)
			if err != nil || f.status < 200 || f.status > 599 {
				err = bad(k, v, "want an HTTP status 200-599")
			}
		case "code":
			f.code = v
		case "message":
			f.msg = v
		case "when":
			if v != "before" && v != "after" {
				err = bad(k, v, "want before or after")
			}
			f.after = v == "after"
		case "cut-after":
			f.cutAfter, err = parseSize(v)
			if err != nil {
				err = bad(k, v, err.Error())
			}
		case "reset-after":
			f.resetAfter, err = parseSize(v)
			if err != nil {
				err = bad(k, v, err.Error())
			}
		case "delay":
			f.delay, err = time.ParseDuration(v)
			if err != nil || f.delay < 0 {
				err = bad(k, v, "want a duration such as 250ms or 2s")
			}
		case "bandwidth":
			f.bandwidth, err = parseSize(strings.TrimSuffix(v, "/s"))
			if err == nil && f.bandwidth < 1 {
				err = bad(k, v, "want at least 1 byte per second")
			} else if err != nil {
				err = bad(k, v, err.Error())
			}
		case "wrong-crc", "expire-upload", "no-crc", "garbage-crc", "creep-marker", "no-etag", "corrupt-body":
			if hasV {
				err = bad(k, v, "takes no value")
			}
			f.wrongCRC = f.wrongCRC || k == "wrong-crc"
			f.expire = f.expire || k == "expire-upload"
			f.creep = f.creep || k == "creep-marker"
			f.noETag = f.noETag || k == "no-etag"
			f.corrupt = f.corrupt || k == "corrupt-body"
			switch k {
			case "no-crc":
				f.crc = "missing"
			case "garbage-crc":
				f.crc = "garbage"
			}
		case "drip", "drip-body":
			var d time.Duration
			d, err = time.ParseDuration(v)
			if err != nil || d <= 0 {
				err = bad(k, v, "want a positive duration such as 1s")
			} else if k == "drip" {
				f.drip = d
			} else {
				f.dripBody = d
			}
		default:
			err = fmt.Errorf("fault %q: unknown setting %q", spec, k)
		}
		if err != nil {
			return nil, err
		}
	}
	if hasSeed && !f.hasP {
		return nil, fmt.Errorf("fault %q: seed needs p", spec)
	}
	f.rng = rand.New(rand.NewSource(seed))
	if f.code != "" && f.status == 0 {
		f.status = 500
		if st, ok := defaultStatuses[f.code]; ok {
			f.status = st
		}
	}
	if f.drip > 0 && f.dripBody > 0 {
		return nil, fmt.Errorf("fault %q: drip and drip-body exclude each other", spec)
	}
	if f.status == 0 && f.resetAfter < 0 && f.cutAfter < 0 && f.delay == 0 && f.bandwidth == 0 && !f.wrongCRC && !f.expire &&
		f.crc == "" && !f.creep && !f.noETag && !f.corrupt && f.drip == 0 && f.dripBody == 0 {
		f.status = 500
	}
	if f.after && f.status == 0 && f.resetAfter < 0 {
		return nil, fmt.Errorf("fault %q: when=after needs status or reset-after to replace the answer", spec)
	}
	if f.status != 0 && f.code == "" {
		f.code = defaultCodes[f.status]
		if f.code == "" {
			f.code = "InjectedFault"
		}
	}
	if f.msg == "" && f.status != 0 {
		f.msg = "Injected fault: " + f.spec
	}
	return f, nil
}

// parseSize reads a byte count with an optional K/M/G suffix (KiB, MiB, GiB are powers of 1024;
// KB, MB, GB powers of 1000).
func parseSize(v string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(v, u.suffix) {
			v, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a byte count such as 65536, 64KiB or 1MiB")
	}
	return n * mult, nil
}

// plan is what the faults firing on one request do to it.
type plan struct {
	specs      []string
	delay      time.Duration
	err        *apiError
	after      bool
	resetAfter int64
	cutAfter   int64
	bandwidth  int64
	wrongCRC   bool
	expire     bool
	crc        string
	creep      bool
	noETag     bool
	corrupt    bool
	drip       time.Duration
	dripBody   time.Duration
}

func (p *plan) fired() string { return strings.Join(p.specs, "; ") }

type faultSet struct {
	mu     sync.Mutex
	faults []*fault
}

func (fs *faultSet) add(spec string) error {
	f, err := parseFault(spec)
	if err != nil {
		return err
	}
	fs.mu.Lock()
	fs.faults = append(fs.faults, f)
	fs.mu.Unlock()
	return nil
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	fs.faults = nil
	fs.mu.Unlock()
}

// faultStatus is a fault's spec and counters, for the admin endpoint.
type faultStatus struct {
	Spec  string `json:"spec"`
	Seen  int    `json:"seen"`
	Fired int    `json:"fired"`
}

func (fs *faultSet) list() []faultStatus {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := []faultStatus{}
	for _, f := range fs.faults {
		out = append(out, faultStatus{f.spec, f.seen, f.fired})
	}
	return out
}

// match counts the request against every fault and merges the ones that fire.
func (fs *faultSet) match(op, bucket, key string, part int) *plan {
	return fs.matchRange(op, bucket, key, part, -1)
}

// matchRange is match for a request that may be a ranged GET starting at byte rangeStart
// (-1: none), which faults with range-start=N select.
func (fs *faultSet) matchRange(op, bucket, key string, part int, rangeStart int64) *plan {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var p *plan
	for _, f := range fs.faults {
		if f.ops != nil && !f.ops[op] || f.bucket != "" && f.bucket != bucket ||
			f.key != "" && f.key != key || f.part != 0 && f.part != part ||
			f.rangeStart >= 0 && f.rangeStart != rangeStart {
			continue
		}
		f.seen++
		fire := (f.times == 0 || f.fired < f.times) &&
			(f.nth == 0 || f.seen == f.nth) &&
			(f.every == 0 || f.seen%f.every == 0)
		if f.hasP {
			fire = fire && f.rng.Float64() < f.p // drawn only for counted requests: reproducible
		}
		if !fire {
			continue
		}
		f.fired++
		if p == nil {
			p = &plan{resetAfter: -1, cutAfter: -1}
		}
		p.specs = append(p.specs, f.spec)
		p.delay += f.delay
		if f.status != 0 && p.err == nil {
			p.err = errorf(f.status, f.code, f.msg)
		}
		p.after = p.after || f.after
		if f.cutAfter >= 0 && (p.cutAfter < 0 || f.cutAfter < p.cutAfter) {
			p.cutAfter = f.cutAfter
		}
		if f.resetAfter >= 0 && (p.resetAfter < 0 || f.resetAfter < p.resetAfter) {
			p.resetAfter = f.resetAfter
		}
		if f.bandwidth > 0 && (p.bandwidth == 0 || f.bandwidth < p.bandwidth) {
			p.bandwidth = f.bandwidth
		}
		p.wrongCRC = p.wrongCRC || f.wrongCRC
		p.expire = p.expire || f.expire
		if f.crc != "" {
			p.crc = f.crc
		}
		p.creep = p.creep || f.creep
		p.noETag = p.noETag || f.noETag
		p.corrupt = p.corrupt || f.corrupt
		p.drip = max(p.drip, f.drip)
		p.dripBody = max(p.dripBody, f.dripBody)
	}
	return p
}

// rangeStart returns the first byte a Range header asks for, or -1 (no range, a suffix range,
// or one that does not parse).
func rangeStart(v string) int64 {
	spec, ok := strings.CutPrefix(strings.TrimSpace(v), "bytes=")
	if !ok {
		return -1
	}
	a, _, _ := strings.Cut(spec, "-")
	n, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
