package ossemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
)

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		spec string
		ok   bool
	}{
		{"op=UploadPart,nth=3,status=503,code=SlowDown", true},
		{"op=Initiate|Complete,every=2", true},
		{"p=0.1,seed=7", true},
		{"reset-after=64KiB,times=1", true},
		{"delay=250ms", true},
		{"bandwidth=1MiB", true},
		{"wrong-crc", true},
		{"op=UploadPart,part=5,expire-upload", true},
		{"status=500,when=after", true},
		{"when=after,reset-after=0", true},
		{"when=after,wrong-crc", false},
		{"", false},
		{"op=Nope", false},
		{"nth=0", false},
		{"p=2", false},
		{"seed=3", false},
		{"status=99", false},
		{"delay=soon", false},
		{"bandwidth=0", false},
		{"wrong-crc=yes", false},
		{"colour=red", false},
	} {
		_, err := parseFault(tc.spec)
		if (err == nil) != tc.ok {
			t.Errorf("parseFault(%q): %v, want ok=%v", tc.spec, err, tc.ok)
		}
	}
}

// statuses runs n PutObject requests and returns their statuses.
func statuses(c *client, n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, c.put("bkt", "k"+itoa(i), []byte("x"), nil).StatusCode)
	}
	return out
}

func TestFaultTriggers(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want string
	}{
		{"op=PutObject,nth=3,status=503,code=SlowDown", "[200 200 503 200 200 200]"},
		{"op=PutObject,every=2,status=500", "[200 500 200 500 200 500]"},
		{"op=PutObject,every=2,times=2,status=500", "[200 500 200 500 200 200]"},
		{"op=PutObject,status=404,code=NoSuchBucket,times=1", "[404 200 200 200 200 200]"},
		{"op=UploadPart,status=500", "[200 200 200 200 200 200]"}, // another operation
		{"op=PutObject,key=k4", "[200 200 200 200 500 200]"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			s := startServer(t, Options{Faults: []string{tc.spec}})
			if got := fmt.Sprint(statuses(newClient(t, s), 6)); got != tc.want {
				t.Fatalf("statuses %s, want %s", got, tc.want)
			}
		})
	}
	// The same seed fires on the same requests.
	var runs []string
	for range 2 {
		s := startServer(t, Options{Faults: []string{"op=PutObject,p=0.3,seed=7,status=503"}})
		runs = append(runs, fmt.Sprint(statuses(newClient(t, s), 30)))
	}
	if runs[0] != runs[1] || !strings.Contains(runs[0], "503") || !strings.Contains(runs[0], "200") {
		t.Fatalf("seeded runs differ or never/always fire: %v", runs)
	}
}

func TestFaultErrorShapeAndLog(t *testing.T) {
	s := startServer(t, Options{Faults: []string{"op=UploadPart,part=2,status=503,code=SlowDown,times=1"}})
	c := newClient(t, s)
	id := c.initiate("bkt", "f", nil)
	c.uploadPart("bkt", "f", id, 1, []byte("one")).want(t, 200, "")
	c.uploadPart("bkt", "f", id, 2, []byte("two")).want(t, 503, "SlowDown")
	c.uploadPart("bkt", "f", id, 2, []byte("two")).want(t, 200, "")
	var parts []string
	for _, r := range s.Requests() {
		if r.Op == "UploadPart" {
			parts = append(parts, fmt.Sprintf("%d:%d:%s:%d", r.PartNumber, r.Status, r.Code, r.Bytes))
			if r.UploadID != id || r.Key != "f" || r.Bucket != "bkt" || r.Method != "PUT" || r.RequestID == "" {
				t.Fatalf("log entry %+v", r)
			}
			if (r.Status == 503) != (r.Fault != "") {
				t.Fatalf("fault field %q on a %d", r.Fault, r.Status)
			}
		}
	}
	if fmt.Sprint(parts) != "[1:200::3 2:503:SlowDown:0 2:200::3]" {
		t.Fatalf("log of parts %v", parts)
	}
	s.ResetLog()
	if len(s.Requests()) != 0 {
		t.Fatal("ResetLog left entries")
	}
}

func TestFaultWhenAfter(t *testing.T) {
	s := startServer(t, Options{Faults: []string{"op=PutObject,status=500,when=after,times=1"}})
	c := newClient(t, s)
	c.put("bkt", "lost-ack", []byte("stored anyway"), nil).want(t, 500, "InternalError")
	if got, err := s.Object("bkt", "lost-ack"); err != nil || string(got) != "stored anyway" {
		t.Fatalf("the operation behind a when=after fault was not applied: %q %v", got, err)
	}
}

func TestFaultResetAfter(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	id := c.initiate("bkt", "reset", nil)
	if err := s.AddFault("op=UploadPart,part=1,reset-after=65536,times=1"); err != nil {
		t.Fatal(err)
	}
	data := randomData(300_000)
	req, _ := http.NewRequest("PUT", s.URL()+"/bkt/reset?partNumber=1&uploadId="+id, bytes.NewReader(data))
	c.sign(req, "bkt", "reset")
	_, err := c.http.Do(req)
	if err == nil {
		t.Fatal("the upload survived a reset-after fault")
	}
	// Read at once, with no waiting: the entry must be there by the time the client sees the
	// reset (other packages' tests rely on it).
	if entry := lastEntry(s, "UploadPart"); entry.Status != 0 || entry.Fault == "" || entry.Bytes != 65536 {
		t.Fatalf("log entry for the reset request: %+v", entry)
	}
	if ups := s.OpenUploads("bkt"); len(ups) != 1 || len(ups[0].Parts) != 0 {
		t.Fatalf("a reset part was stored: %+v", ups)
	}
	c.uploadPart("bkt", "reset", id, 1, data).want(t, 200, "") // times=1: the retry goes through

	// A reset while sending a GET body.
	c.put("bkt", "big", data, nil).want(t, 200, "")
	s.AddFault("op=GetObject,reset-after=1000,times=1")
	req, _ = http.NewRequest("GET", s.URL()+"/bkt/big", nil)
	c.sign(req, "bkt", "big")
	resp, err := c.http.Do(req)
	if err == nil {
		got, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr == nil || len(got) >= len(data) {
			t.Fatalf("GET read %d bytes without error through a reset", len(got))
		}
	}
	if entry := lastEntry(s, "GetObject"); entry.Status != 0 || entry.Fault == "" || entry.Bytes != 1000 {
		t.Fatalf("log entry for the reset GET: %+v", entry)
	}
}

// lastEntry is the log's last entry for op, the zero Request when there is none.
func lastEntry(s *Server, op string) Request {
	var entry Request
	for _, r := range s.Requests() {
		if r.Op == op {
			entry = r
		}
	}
	return entry
}

func TestFaultDelayBandwidthCRC(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	s.AddFault("op=PutObject,key=slow,delay=300ms")
	start := time.Now()
	c.put("bkt", "slow", []byte("x"), nil).want(t, 200, "")
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("delay=300ms took %v", d)
	}
	s.AddFault("op=PutObject,key=paced,bandwidth=200KiB")
	start = time.Now()
	c.put("bkt", "paced", randomData(100<<10), nil).want(t, 200, "")
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Fatalf("100 KiB at 200 KiB/s took %v", d)
	}
	s.AddFault("op=PutObject,key=crc,wrong-crc")
	data := []byte("checked")
	r := c.put("bkt", "crc", data, nil).want(t, 200, "")
	if r.Header.Get("x-oss-hash-crc64ecma") == strconv.FormatUint(crc64.Checksum(data), 10) {
		t.Fatal("wrong-crc sent the right CRC")
	}
	s.ClearFaults()
	if r := c.put("bkt", "crc", data, nil); r.Header.Get("x-oss-hash-crc64ecma") != strconv.FormatUint(crc64.Checksum(data), 10) {
		t.Fatal("ClearFaults left the wrong-crc fault")
	}
}

func TestFaultResetWithoutBody(t *testing.T) {
	s := startServer(t, Options{Faults: []string{"op=Initiate,reset-after=0,times=1", "op=Complete,when=after,reset-after=0,times=1"}})
	c := newClient(t, s)
	req, _ := http.NewRequest("POST", s.URL()+"/bkt/nobody?uploads", nil)
	c.sign(req, "bkt", "nobody")
	if _, err := c.http.Do(req); err == nil {
		t.Fatal("Initiate survived reset-after=0")
	}
	if len(s.OpenUploads("bkt")) != 0 {
		t.Fatal("a reset Initiate created an upload")
	}
	id := c.initiate("bkt", "lost", nil)
	et := c.uploadPart("bkt", "lost", id, 1, []byte("done")).want(t, 200, "").Header.Get("ETag")
	req, _ = http.NewRequest("POST", s.URL()+"/bkt/lost?uploadId="+id, bytes.NewReader(completeXML([]completePart{{1, et}})))
	c.sign(req, "bkt", "lost")
	if _, err := c.http.Do(req); err == nil {
		t.Fatal("Complete answered through when=after,reset-after=0")
	}
	if got, err := s.Object("bkt", "lost"); err != nil || string(got) != "done" {
		t.Fatalf("the Complete behind the lost answer did not happen: %q %v", got, err)
	}
	c.complete("bkt", "lost", id, []completePart{{1, et}}).want(t, 404, "NoSuchUpload") // the retry learns it
	resets := 0
	for _, r := range s.Requests() {
		if r.Status == 0 && r.Fault != "" {
			resets++
		}
	}
	if resets != 2 {
		t.Fatalf("%d reset requests logged, want 2", resets)
	}
}

func TestFaultExpireUpload(t *testing.T) {
	s := startServer(t, Options{Faults: []string{"op=UploadPart,part=3,expire-upload"}})
	c := newClient(t, s)
	id := c.initiate("bkt", "exp", nil)
	c.uploadPart("bkt", "exp", id, 1, []byte("1")).want(t, 200, "")
	c.uploadPart("bkt", "exp", id, 3, []byte("3")).want(t, 404, "NoSuchUpload")
	c.uploadPart("bkt", "exp", id, 1, []byte("1")).want(t, 404, "NoSuchUpload")
	if len(s.OpenUploads("bkt")) != 0 {
		t.Fatal("the expired upload is still open")
	}
}

func TestAdminEndpoint(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	post := func(body string) *http.Response {
		resp, err := http.Post(s.URL()+"/_ossemu/faults", "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("op=PutObject,nth=1,status=500\n# comment\nop=Nope"); resp.StatusCode != 400 {
		t.Fatalf("bad spec accepted: %d", resp.StatusCode)
	}
	if resp := post("op=PutObject,nth=1,status=500\n\nop=GetObject,delay=1ms"); resp.StatusCode != 200 {
		t.Fatalf("POST faults: %d", resp.StatusCode)
	}
	c.put("bkt", "a", []byte("x"), nil).want(t, 500, "InternalError")
	var faults []faultStatus
	getJSON(t, s.URL()+"/_ossemu/faults", &faults)
	if len(faults) != 2 || faults[0].Fired != 1 || faults[0].Seen != 1 {
		t.Fatalf("faults: %+v", faults)
	}
	req, _ := http.NewRequest("DELETE", s.URL()+"/_ossemu/faults", nil)
	http.DefaultClient.Do(req)
	if len(s.faults.list()) != 0 {
		t.Fatal("DELETE /_ossemu/faults left faults")
	}
	var log []Request
	getJSON(t, s.URL()+"/_ossemu/log", &log)
	if len(log) != 1 || log[0].Op != "PutObject" || log[0].Status != 500 {
		t.Fatalf("log: %+v", log)
	}
	id := c.initiate("bkt", "up", nil)
	var ups []UploadInfo
	getJSON(t, s.URL()+"/_ossemu/uploads?bucket=bkt", &ups)
	if len(ups) != 1 || ups[0].UploadID != id {
		t.Fatalf("uploads: %+v", ups)
	}
	// Virtual-hosted, the same path is an object key of the bucket, not the admin endpoint.
	c.vhost = "localhost"
	c.put("bkt", "_ossemu/faults", []byte("an object"), nil).want(t, 200, "")
	if got, _ := s.Object("bkt", "_ossemu/faults"); string(got) != "an object" {
		t.Fatal("virtual-hosted /_ossemu/ reached the admin endpoint")
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
