//go:build reliability

package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// logTail reads the request log from a byte offset on, so that polling it stays cheap however
// long the campaign's log grows.
type logTail struct {
	path    string
	off     int64
	partial []byte
	entries []logEntry
}

func (e *emu) tailFromEnd() *logTail {
	lt := &logTail{path: e.logPath}
	if fi, err := os.Stat(e.logPath); err == nil {
		lt.off = fi.Size()
	}
	return lt
}

// poll appends the entries written since the last call and returns all of them.
func (lt *logTail) poll() []logEntry {
	f, err := os.Open(lt.path)
	if err != nil {
		return lt.entries
	}
	defer f.Close()
	if _, err := f.Seek(lt.off, io.SeekStart); err != nil {
		return lt.entries
	}
	data, _ := io.ReadAll(f)
	lt.off += int64(len(data))
	data = append(lt.partial, data...)
	lines := bytes.Split(data, []byte("\n"))
	lt.partial = append([]byte(nil), lines[len(lines)-1]...)
	for _, line := range lines[:len(lines)-1] {
		var r logEntry
		if json.Unmarshal(line, &r) == nil {
			lt.entries = append(lt.entries, r)
		}
	}
	return lt.entries
}

// partsAcked counts the distinct parts of key the server answered 200, and whether Initiate was
// answered.
func partsAcked(entries []logEntry, key string) (parts int, initiated bool) {
	seen := map[string]bool{}
	for _, r := range entries {
		if r.Key != key || r.Status != 200 {
			continue
		}
		switch r.Op {
		case "InitiateMultipartUpload":
			initiated = true
		case "UploadPart":
			id := fmt.Sprintf("%s/%d", r.UploadID, r.PartNumber)
			if !seen[id] {
				seen[id] = true
				parts++
			}
		}
	}
	return parts, initiated
}

// quiesce waits until the request log has not grown for 100 ms (at most 5 s): requests a
// stopped client left in flight are logged when the server finishes them, and must not be
// taken for the next run's.
func (e *emu) quiesce() {
	var last int64 = -1
	stable := time.Time{}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		fi, err := os.Stat(e.logPath)
		size := int64(0)
		if err == nil {
			size = fi.Size()
		}
		if size != last {
			last, stable = size, time.Now()
			continue
		}
		if time.Since(stable) >= 100*time.Millisecond {
			return
		}
	}
}
