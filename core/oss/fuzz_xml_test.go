package oss

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// FuzzParseError feeds arbitrary error bodies and x-oss-err headers to the error parser: it
// must always yield an *Error carrying the operation and status, with a bounded, printable
// message when the body is not OSS's XML.
func FuzzParseError(f *testing.F) {
	f.Add(403, []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>m</Message><RequestId>R</RequestId><HostId>h</HostId><EC>0002-00000040</EC><StringToSign>PUT\n\n</StringToSign></Error>`), "")
	f.Add(404, []byte{}, base64.StdEncoding.EncodeToString([]byte(`<Error><Code>NoSuchKey</Code></Error>`)))
	f.Add(500, []byte("<html>gateway</html>"), "not base64!")
	f.Add(503, []byte("<Error><Code>SlowDown<Code></Error>"), "")
	f.Add(0, []byte("\xff\xfe\x00<Error>"), "")
	f.Fuzz(func(t *testing.T, status int, body []byte, errHeader string) {
		h := http.Header{}
		if errHeader != "" {
			h.Set("x-oss-err", errHeader)
		}
		e := parseError("UploadPart", status, h, body)
		if e == nil || e.Op != "UploadPart" || e.StatusCode != status {
			t.Fatalf("parseError = %+v", e)
		}
		msg := e.Error()
		if !strings.Contains(msg, "UploadPart") {
			t.Errorf("message %q does not name the operation", msg)
		}
		if _, ok := parseErrorXML(body); !ok && errHeader == "" && len(e.Message) > 400 {
			t.Errorf("message for a non-XML body is %d bytes, want a bounded snippet", len(e.Message))
		}
		_ = e.Retryable()
	})
}

// fuzzServer answers every request with the body the current fuzz input sets, so the client's
// response parsers run on arbitrary documents through the real transport.
type fuzzServer struct {
	srv    *httptest.Server
	mu     sync.Mutex
	body   []byte
	header http.Header
}

func newFuzzServer(f *testing.F) *fuzzServer {
	fs := &fuzzServer{}
	fs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		body, hdr := fs.body, fs.header
		fs.mu.Unlock()
		for k, vs := range hdr {
			w.Header()[k] = vs
		}
		w.Header().Set("x-oss-request-id", "FUZZ")
		w.Write(body)
	}))
	f.Cleanup(fs.srv.Close)
	return fs
}

func (fs *fuzzServer) set(body []byte, h http.Header) {
	fs.mu.Lock()
	fs.body, fs.header = body, h
	fs.mu.Unlock()
}

// FuzzResponseDocuments sends arbitrary 200 responses to Initiate, ListParts, Complete and
// ListMultipartUploads: the client must neither panic nor loop (each call ends within a bound)
// and, when it accepts a document, return what its contract promises.
func FuzzResponseDocuments(f *testing.F) {
	fs := newFuzzServer(f)
	c, err := New(Config{Endpoint: fs.srv.URL, SignatureVersion: 1, ReadWriteTimeout: 5 * time.Second,
		Credentials: StaticCredentials("id", "secret", "")})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(c.Close)
	f.Add(uint8(0), []byte(`<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>U1</UploadId></InitiateMultipartUploadResult>`), "")
	f.Add(uint8(1), []byte(`<ListPartsResult><IsTruncated>false</IsTruncated><Part><PartNumber>2</PartNumber><ETag>"e2"</ETag><Size>102400</Size><HashCrc64ecma>12</HashCrc64ecma><LastModified>2024-01-01T00:00:00.000Z</LastModified></Part><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag><Size>5</Size></Part></ListPartsResult>`), "")
	f.Add(uint8(1), []byte(`<ListPartsResult><IsTruncated>true</IsTruncated><NextPartNumberMarker>3</NextPartNumberMarker></ListPartsResult>`), "")
	f.Add(uint8(2), []byte(`<CompleteMultipartUploadResult><Location>l</Location><Bucket>b</Bucket><Key>k</Key><ETag>"E-2"</ETag></CompleteMultipartUploadResult>`), "12345")
	f.Add(uint8(2), []byte(`{"callback":"reply"}`), "x")
	f.Add(uint8(3), []byte(`<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker><NextUploadIdMarker>u</NextUploadIdMarker><Upload><Key>k</Key><UploadId>u</UploadId><Initiated>bad</Initiated></Upload></ListMultipartUploadsResult>`), "")
	f.Fuzz(func(t *testing.T, op uint8, body []byte, crc string) {
		h := http.Header{}
		if crc != "" {
			h.Set("x-oss-hash-crc64ecma", crc)
		}
		fs.set(body, h)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var err error
		switch op % 4 {
		case 0:
			var out *InitiateOutput
			if out, err = c.InitiateMultipartUpload(ctx, &InitiateInput{Bucket: "bkt", Key: "k"}); err == nil && out.UploadID == "" {
				t.Fatal("Initiate accepted a document without an upload id")
			}
		case 1:
			var out *ListPartsOutput
			if out, err = c.ListParts(ctx, &ListPartsInput{Bucket: "bkt", Key: "k", UploadID: "u"}); err == nil {
				for i := 1; i < len(out.Parts); i++ {
					if out.Parts[i-1].PartNumber > out.Parts[i].PartNumber {
						t.Fatalf("parts not in ascending order: %+v", out.Parts)
					}
				}
			}
		case 2:
			var out *CompleteOutput
			if out, err = c.CompleteMultipartUpload(ctx, &CompleteInput{Bucket: "bkt", Key: "k", UploadID: "u",
				Parts: []CompletedPart{{PartNumber: 1, ETag: `"e"`}}}); err == nil {
				if v, perr := strconv.ParseUint(strings.TrimSpace(crc), 10, 64); out.HasCRC64 != (perr == nil) || perr == nil && out.CRC64 != v {
					t.Fatalf("CRC-64 header %q read as %d (has %v)", crc, out.CRC64, out.HasCRC64)
				}
			}
		case 3:
			_, err = c.ListMultipartUploads(ctx, &ListMultipartUploadsInput{Bucket: "bkt"})
		}
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			t.Fatalf("op %d did not end within the bound: %v", op%4, err)
		}
	})
}
