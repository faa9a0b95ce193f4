package oss

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// errorXML is OSS's <Error> body; unknown elements are ignored.
type errorXML struct {
	XMLName      xml.Name
	Code         string
	Message      string
	RequestId    string
	HostId       string
	EC           string
	StringToSign string
	UploadId     string
	Endpoint     string
}

// parseErrorXML decodes an <Error> document.
func parseErrorXML(data []byte) (errorXML, bool) {
	var x errorXML
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '<' {
		return x, false
	}
	if err := xml.Unmarshal(t, &x); err != nil || x.XMLName.Local != "Error" {
		return x, false
	}
	return x, true
}

// parseError turns a failed response into an *Error: from the XML body, else from the
// base64 XML in x-oss-err (HEAD has no body), else synthesised from the status and a snippet
// of the body. The header request id and EC win over the body's, as in the official SDKs.
func parseError(op string, status int, h http.Header, body []byte) *Error {
	e := &Error{Op: op, StatusCode: status}
	x, ok := parseErrorXML(body)
	if !ok {
		if v := h.Get("x-oss-err"); v != "" {
			if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v)); err == nil {
				x, ok = parseErrorXML(dec)
			}
		}
	}
	if ok {
		e.Code, e.Message, e.RequestID, e.HostID = x.Code, x.Message, x.RequestId, x.HostId
		e.EC, e.StringToSign, e.UploadID = x.EC, x.StringToSign, x.UploadId
		e.Endpoint = x.Endpoint
	} else {
		e.Message = http.StatusText(status)
		if e.Message == "" {
			e.Message = "HTTP status " + strconv.Itoa(status)
		}
		if s := snippet(body, 256); s != "" {
			e.Message += "; body is not OSS error XML: " + s
		}
	}
	if id := h.Get("x-oss-request-id"); id != "" {
		e.RequestID = id
	}
	if ec := h.Get("x-oss-ec"); ec != "" {
		e.EC = ec
	}
	return e
}

// snippet returns up to n bytes of body as printable text for an error message.
func snippet(body []byte, n int) string {
	body = bytes.TrimSpace(body)
	cut := len(body) > n
	if cut {
		body = body[:n]
	}
	s := strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return '.'
		}
		return r
	}, string(body))
	if cut {
		s += "..."
	}
	return s
}

// The success documents.

type initiateResultXML struct {
	Bucket   string
	Key      string
	UploadId string
}

type listPartsResultXML struct {
	IsTruncated          bool
	NextPartNumberMarker int
	Parts                []struct {
		PartNumber    int
		LastModified  string
		ETag          string
		Size          int64
		HashCrc64ecma string
	} `xml:"Part"`
}

type completeResultXML struct {
	XMLName      xml.Name
	EncodingType string
	Location     string
	Bucket       string
	Key          string
	ETag         string
}

type listUploadsResultXML struct {
	EncodingType       string
	IsTruncated        bool
	NextKeyMarker      string
	NextUploadIdMarker string
	Uploads            []struct {
		Key       string
		UploadId  string
		Initiated string
	} `xml:"Upload"`
}

// completeBodyXML writes CompleteMultipartUpload's request body. ETags are XML-escaped as
// the official SDK does ('"' becomes &#34;).
func completeBodyXML(parts []CompletedPart) []byte {
	var b bytes.Buffer
	b.WriteString("<CompleteMultipartUpload>")
	for _, p := range parts {
		b.WriteString("<Part><PartNumber>" + strconv.Itoa(p.PartNumber) + "</PartNumber><ETag>")
		xml.EscapeText(&b, []byte(p.ETag))
		b.WriteString("</ETag></Part>")
	}
	b.WriteString("</CompleteMultipartUpload>")
	return b.Bytes()
}

// responseCRC reads a response's x-oss-hash-crc64ecma: absent is (0, false, nil), which the
// caller must make good another way; a value that is not a decimal CRC-64 is an InvalidResponse
// error, since a CRC nobody can read verifies nothing.
func responseCRC(op string, resp *http.Response) (uint64, bool, error) {
	v := resp.Header.Get("x-oss-hash-crc64ecma")
	if v == "" {
		return 0, false, nil
	}
	crc, ok := parseCRC64(v)
	if !ok {
		return 0, false, badResponse(op, resp, "x-oss-hash-crc64ecma "+strconv.Quote(snippet([]byte(v), 64))+" is not a decimal CRC-64", nil)
	}
	return crc, true, nil
}

// parseCRC64 reads a decimal x-oss-hash-crc64ecma value.
func parseCRC64(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return v, err == nil
}

// parseISOTime reads the ISO 8601 times of list results; a malformed one is zero.
func parseISOTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t
}
