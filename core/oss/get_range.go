package oss

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// GetRangeInput asks for bytes [Offset, Offset+Size) of an object, for a resumable download.
// (Its types live here rather than in api.go: the operation is one file, input to parse.)
type GetRangeInput struct {
	Bucket, Key  string
	Offset, Size int64 // Offset >= 0, Size >= 1
	// IfMatch, when set, is sent as If-Match: the server answers 412 PreconditionFailed
	// instead of bytes of an object whose ETag has changed since the download began.
	IfMatch string
}

// GetRangeOutput streams exactly Size bytes; the caller closes Body.
type GetRangeOutput struct {
	Body         io.ReadCloser
	Offset, Size int64 // as the Content-Range states them (checked equal to the input's)
	ObjectSize   int64 // the total after the slash in Content-Range
	ETag         string
	LastModified time.Time
	// CRC64 is the whole object's x-oss-hash-crc64ecma, not the range's: OSS sends the
	// object's CRC on every GET.
	CRC64    uint64
	HasCRC64 bool
	Response
}

// GetRange fetches one byte range (GET /key with Range: bytes=a-b). It asks for OSS's standard
// range behaviour (x-oss-range-behavior: standard) because by default OSS answers a range it
// cannot satisfy with the whole object and 200, which a download would write at the wrong
// place. A success is only a 206 whose Content-Range names exactly the bytes asked for and whose
// Content-Length is Size; anything else is an InvalidResponse *Error. ctx governs the whole
// read, so it must stay live until Body is drained.
func (c *Client) GetRange(ctx context.Context, in *GetRangeInput) (*GetRangeOutput, error) {
	const op = "GetObject"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return nil, err
	}
	switch {
	case in.Offset < 0:
		return nil, &ArgumentError{Field: "Offset", Reason: "must not be negative"}
	case in.Size < 1:
		return nil, &ArgumentError{Field: "Size", Reason: "must be at least 1"}
	case in.Offset > (1<<63-1)-in.Size:
		return nil, &ArgumentError{Field: "Size", Reason: "Offset+Size overflows"}
	case strings.ContainsAny(in.IfMatch, "\r\n\x00"):
		return nil, &ArgumentError{Field: "IfMatch", Reason: "holds a line break or NUL"}
	}
	last := in.Offset + in.Size - 1
	h := http.Header{}
	h.Set("Range", "bytes="+strconv.FormatInt(in.Offset, 10)+"-"+strconv.FormatInt(last, 10))
	h.Set("x-oss-range-behavior", "standard")
	if in.IfMatch != "" {
		h.Set("If-Match", in.IfMatch)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, bucket: in.Bucket, key: in.Key, header: h})
	if err != nil {
		return nil, err
	}
	fail := func(reason string) (*GetRangeOutput, error) {
		resp.Body.Close()
		return nil, badResponse(op, resp, reason, nil)
	}
	if resp.StatusCode != http.StatusPartialContent {
		return fail("a range request was answered " + strconv.Itoa(resp.StatusCode) + ", not 206")
	}
	cr := resp.Header.Get("Content-Range")
	first, end, total, ok := parseContentRange(cr)
	if !ok {
		return fail("Content-Range " + strconv.Quote(snippet([]byte(cr), 80)) + " is not bytes a-b/size")
	}
	if first != in.Offset || end != last {
		return fail("Content-Range " + strconv.Quote(cr) + " is not the range asked for (bytes " +
			strconv.FormatInt(in.Offset, 10) + "-" + strconv.FormatInt(last, 10) + ")")
	}
	if resp.ContentLength >= 0 && resp.ContentLength != in.Size {
		return fail("Content-Length " + strconv.FormatInt(resp.ContentLength, 10) + " for a range of " + strconv.FormatInt(in.Size, 10) + " bytes")
	}
	out := &GetRangeOutput{Body: resp.Body, Offset: first, Size: end - first + 1, ObjectSize: total,
		ETag: resp.Header.Get("ETag"), Response: response(resp)}
	out.LastModified, _ = http.ParseTime(resp.Header.Get("Last-Modified"))
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return out, nil
}

// parseContentRange reads "bytes a-b/size" (size "*" is refused: a download needs it).
func parseContentRange(v string) (first, last, size int64, ok bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, total, found := strings.Cut(spec, "/")
	if !found {
		return 0, 0, 0, false
	}
	a, b, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(b, 10, 64)
	size, err3 = strconv.ParseInt(total, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || first < 0 || last < first || size <= last {
		return 0, 0, 0, false
	}
	return first, last, size, true
}
