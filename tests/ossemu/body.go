package ossemu

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strings"

	"github.com/ossresume/ossresume/core/crc64"
)

const (
	maxPutSize  = 5 << 30 // PutObject and UploadPart limit (oss-protocol.md §1.11)
	minPartSize = 100 << 10
)

// received is a request body written to a committed blob.
type received struct {
	blob string
	size int64
	md5  []byte // nil in benchmark mode
	crc  uint64
}

// etag is the quoted upper-case hex ETag: the MD5, or in benchmark mode the CRC and size.
func (b *received) etag() string {
	if b.md5 == nil {
		return fmt.Sprintf("\"%016X%016X\"", b.crc, uint64(b.size))
	}
	return "\"" + strings.ToUpper(hex.EncodeToString(b.md5)) + "\""
}

// receive streams the request body into a new blob, hashing it on the way, and checks
// Content-MD5 when the client sent one.
func (s *Server) receive(r *http.Request) (*received, *apiError) {
	if r.Header.Get("Content-Length") == "" && len(r.TransferEncoding) == 0 && r.ContentLength <= 0 {
		return nil, errorf(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
	}
	if r.ContentLength > maxPutSize {
		return nil, errorf(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
	}
	var wantMD5 []byte
	if v := r.Header.Get("Content-MD5"); v != "" {
		d, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(d) != md5.Size {
			return nil, errorf(400, "InvalidDigest", "The Content-MD5 you specified is not valid.")
		}
		wantMD5 = d
	}
	w, err := s.st.blobs.create(r.ContentLength)
	if err != nil {
		return nil, errInternal(err)
	}
	var md5h hash.Hash
	if !s.opts.Benchmark {
		md5h = md5.New()
	}
	bufp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bufp)
	buf := *bufp
	got := &received{}
	for {
		n, rerr := r.Body.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			got.crc = crc64.Update(got.crc, chunk)
			if md5h != nil {
				md5h.Write(chunk)
			}
			if _, err := w.Write(chunk); err != nil {
				w.discard()
				return nil, errInternal(err)
			}
			if got.size += int64(n); got.size > maxPutSize {
				w.discard()
				return nil, errorf(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			w.discard()
			return nil, errorf(400, "IncompleteBody", "The request body ended before Content-Length bytes arrived: "+rerr.Error())
		}
	}
	if md5h != nil {
		got.md5 = md5h.Sum(nil)
		if wantMD5 != nil && string(wantMD5) != string(got.md5) {
			w.discard()
			return nil, errorf(400, "InvalidDigest", "The Content-MD5 you specified did not match what we received.")
		}
	}
	if got.blob, err = w.commit(); err != nil {
		return nil, errInternal(err)
	}
	return got, nil
}

// copyRange writes bytes [off, off+n) of the object to w, segment by segment.
func (s *Server) copyRange(w io.Writer, obj *objectMeta, off, n int64) error {
	bufp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bufp)
	for _, seg := range obj.Segments {
		if n <= 0 {
			break
		}
		if off >= seg.Size {
			off -= seg.Size
			continue
		}
		take := min(seg.Size-off, n)
		br, err := s.st.blobs.open(seg.Blob)
		if err != nil {
			return err
		}
		_, err = io.CopyBuffer(w, io.NewSectionReader(br, off, take), *bufp)
		br.Close()
		if err != nil {
			return err
		}
		off, n = 0, n-take
	}
	return nil
}
