package ossemu

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"time"
)

// Request is one entry of the request log, written once the response is complete or, for a
// fault's reset, just before the connection is cut. Tests read it to prove which parts a resumed
// upload sent, or that an abort happened.
type Request struct {
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Op         string    `json:"op"` // e.g. UploadPart; "" when the request could not be classified
	Bucket     string    `json:"bucket,omitempty"`
	Key        string    `json:"key,omitempty"`
	UploadID   string    `json:"uploadId,omitempty"`
	PartNumber int       `json:"partNumber,omitempty"`
	Bytes      int64     `json:"bytes"`          // request body bytes read, or for GET the body bytes sent
	Status     int       `json:"status"`         // 0 when a fault reset the connection
	Code       string    `json:"code,omitempty"` // the error code answered
	Fault      string    `json:"fault,omitempty"`
	RequestID  string    `json:"requestId"`
	Range      string    `json:"range,omitempty"`  // a GET's Range header as sent
	Remote     string    `json:"remote,omitempty"` // the client's address:port, one per connection
	// Auth is the signature version of the Authorization header ("V1", "V4"; "" when unsigned
	// or signed in the query), so a client's signing option can be checked on the wire.
	Auth string `json:"auth,omitempty"`
}

// authScheme names the signature version an Authorization header carries.
func authScheme(h string) string {
	switch {
	case strings.HasPrefix(h, "OSS "):
		return "V1"
	case strings.HasPrefix(h, v4Algorithm+" "):
		return "V4"
	}
	return ""
}

// reqLog keeps the log in memory and, with --log, appends it to a file as JSON lines.
type reqLog struct {
	mu      sync.Mutex
	entries []Request
	file    *os.File
}

func openLog(path string) (*reqLog, error) {
	l := &reqLog{}
	if path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		l.file = f
	}
	return l, nil
}

func (l *reqLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, r)
	if l.file != nil {
		line, _ := json.Marshal(r)
		l.file.Write(append(line, '\n'))
	}
}

func (l *reqLog) snapshot() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Request(nil), l.entries...)
}

func (l *reqLog) reset() {
	l.mu.Lock()
	l.entries = nil
	l.mu.Unlock()
}

func (l *reqLog) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.file.Sync()
	if cerr := l.file.Close(); err == nil {
		err = cerr
	}
	l.file = nil
	return err
}
