package ossemu

import (
	"bytes"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

var errFaultReset = errors.New("connection reset by an injected fault")

// throttle paces a byte stream to rate bytes per second.
type throttle struct {
	rate  int64
	start time.Time
	done  int64
	quit  <-chan struct{} // the server closing: stop pacing
}

func newThrottle(rate int64, quit <-chan struct{}) *throttle {
	return &throttle{rate: rate, start: time.Now(), quit: quit}
}

// chunk bounds one read or write so the pacing stays smooth (about ten steps a second).
func (t *throttle) chunk(n int) int {
	if step := int(t.rate / 10); step >= 1 && n > step {
		return step
	}
	return n
}

func (t *throttle) wait(n int) {
	t.done += int64(n)
	due := t.start.Add(time.Duration(float64(t.done) / float64(t.rate) * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-t.quit:
		}
	}
}

// bodyReader counts the request body and applies bandwidth and reset faults to it.
type bodyReader struct {
	r        io.ReadCloser
	n        int64
	limit    int64 // reset the connection once this many bytes were read; -1: never
	throttle *throttle
	reset    func()
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.limit >= 0 && b.n >= b.limit {
		var one [1]byte
		if n, err := b.r.Read(one[:]); n == 0 && err == io.EOF {
			return 0, io.EOF // the whole body fitted under the limit
		}
		b.reset()
		return 0, errFaultReset
	}
	if b.limit >= 0 && int64(len(p)) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	if b.throttle != nil {
		p = p[:b.throttle.chunk(len(p))]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.throttle != nil {
		b.throttle.wait(n)
	}
	return n, err
}

func (b *bodyReader) Close() error { return b.r.Close() }

// respWriter records the status and body size and applies response-side faults.
type respWriter struct {
	http.ResponseWriter
	status   int
	n        int64
	limit    int64
	throttle *throttle
	reset    func()
	isReset  bool
	crc      string // a no-crc or garbage-crc fault: "missing" or "garbage"
	noETag   bool   // a no-etag fault
	corrupt  bool   // a corrupt-body fault: the first body byte goes out flipped
}

func (w *respWriter) WriteHeader(code int) {
	if w.status == 0 && !w.isReset {
		w.status = code
		applyCRCFault(w.Header(), w.crc)
		if w.noETag {
			w.Header().Del("ETag")
		}
		w.ResponseWriter.WriteHeader(code)
	}
}

// applyCRCFault strips or spoils the CRC header on its way out, whichever handler set it.
func applyCRCFault(h http.Header, crc string) {
	if h.Get("x-oss-hash-crc64ecma") == "" {
		return
	}
	switch crc {
	case "missing":
		h.Del("x-oss-hash-crc64ecma")
	case "garbage":
		h.Set("x-oss-hash-crc64ecma", "0x5A5A-not-a-crc")
	}
}

func (w *respWriter) Write(p []byte) (int, error) {
	if w.isReset {
		return 0, errFaultReset
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.corrupt && w.n == 0 && len(p) > 0 {
		w.corrupt = false
		q := append([]byte{^p[0]}, p[1:]...) // the caller's buffer is not ours to change
		p = q
	}
	written := 0
	for len(p) > 0 {
		chunk := p
		if w.limit >= 0 {
			if w.n >= w.limit {
				w.reset()
				return written, errFaultReset
			}
			if int64(len(chunk)) > w.limit-w.n {
				chunk = chunk[:w.limit-w.n]
			}
		}
		if w.throttle != nil {
			chunk = chunk[:w.throttle.chunk(len(chunk))]
		}
		n, err := w.ResponseWriter.Write(chunk)
		w.n += int64(n)
		written += n
		if w.throttle != nil {
			w.throttle.wait(n)
		}
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

func (w *respWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter swallows the response of an operation a "when=after" fault replaces.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// resetConn takes the connection from net/http and closes it with SO_LINGER 0, so the client
// sees a TCP reset rather than an orderly close (or a TLS close_notify).
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	raw.Close()
}

// bufferWriter keeps a whole answer, for a drip fault to send slowly afterwards.
type bufferWriter struct {
	h      http.Header
	status int
	body   []byte
}

func (b *bufferWriter) Header() http.Header { return b.h }
func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

// drip sends the buffered answer on the raw connection, one byte per interval: the whole of it
// (status line and headers first) when head is true, else the head at once and the body slowly.
// It stops when the client goes away or the server closes; the connection is closed after.
func drip(w http.ResponseWriter, ans *bufferWriter, interval time.Duration, head bool, quit <-chan struct{}) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	status := ans.status
	if status == 0 {
		status = http.StatusOK
	}
	ans.h.Set("Content-Length", strconv.Itoa(len(ans.body)))
	ans.h.Set("Connection", "close")
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	ans.h.Write(&b)
	b.WriteString("\r\n")
	slow := append(b.Bytes(), ans.body...)
	if !head {
		if _, err := conn.Write(b.Bytes()); err != nil {
			return
		}
		slow = ans.body
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for i := range slow {
		if _, err := conn.Write(slow[i : i+1]); err != nil {
			return
		}
		select {
		case <-t.C:
		case <-quit:
			return
		}
	}
}

// creeping answers a list request under a creep-marker fault with a truncated page holding one
// made-up entry and a next marker one past the one asked for: a server that pages forever. It
// reports false for operations that do not page.
func creeping(w http.ResponseWriter, op string, t target) bool {
	q := t.Query
	now := isoTime(time.Now())
	switch op {
	case "ListParts":
		marker, _ := strconv.Atoi(q.Get("part-number-marker"))
		writeXML(w, http.StatusOK, struct {
			XMLName              xml.Name `xml:"ListPartsResult"`
			Bucket, Key          string
			UploadId             string
			PartNumberMarker     int
			NextPartNumberMarker int
			MaxParts             int
			IsTruncated          bool
			Part                 []xmlPart
		}{Bucket: t.Bucket, Key: t.Key, UploadId: q.Get("uploadId"), PartNumberMarker: marker,
			NextPartNumberMarker: marker + 1, MaxParts: 1000, IsTruncated: true,
			Part: []xmlPart{{marker + 1, now, `"5D41402ABC4B2A76B9719D911017C592"`, "0", 5}}})
		return true
	case "ListMultipartUploads":
		n, _ := strconv.Atoi(strings.TrimPrefix(q.Get("upload-id-marker"), "creep-"))
		key := q.Get("key-marker")
		if key == "" {
			key = q.Get("prefix")
		}
		type upload struct{ Key, UploadId, Initiated string }
		writeXML(w, http.StatusOK, struct {
			XMLName            xml.Name `xml:"ListMultipartUploadsResult"`
			Bucket             string
			EncodingType       string `xml:",omitempty"`
			KeyMarker          string
			UploadIdMarker     string
			NextKeyMarker      string
			NextUploadIdMarker string
			MaxUploads         int
			IsTruncated        bool
			Upload             []upload
		}{Bucket: t.Bucket, EncodingType: encodingType(q), KeyMarker: encodeKey(q.Get("key-marker"), q),
			UploadIdMarker: q.Get("upload-id-marker"), NextKeyMarker: encodeKey(key, q),
			NextUploadIdMarker: "creep-" + strconv.Itoa(n+1), MaxUploads: 1000, IsTruncated: true,
			Upload: []upload{{encodeKey(key, q), "creep-" + strconv.Itoa(n+1), now}}})
		return true
	}
	return false
}

// cutConn takes the connection from net/http and closes it in order: the client reads what was
// sent, then the end of the stream before the body's Content-Length.
func cutConn(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	rc.Flush() // what was written is sent before the end
	conn, buf, err := rc.Hijack()
	if err != nil {
		return
	}
	if buf != nil {
		buf.Flush()
	}
	conn.Close()
}
