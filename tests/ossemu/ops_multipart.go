package ossemu

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
)

const maxPartNumber = 10000

func writeXML(w http.ResponseWriter, status int, v any) {
	out, err := xml.Marshal(v)
	if err != nil {
		panic(err) // the result types hold only strings and numbers
	}
	body := append([]byte(xml.Header), out...)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// encodeKey applies encoding-type=url to a key in a listing.
func encodeKey(key string, q map[string][]string) string {
	if v := q["encoding-type"]; len(v) > 0 && v[0] == "url" {
		return uriEscape(key, false)
	}
	return key
}

func encodingType(q map[string][]string) string {
	if v := q["encoding-type"]; len(v) > 0 && v[0] == "url" {
		return "url"
	}
	return ""
}

func (s *Server) initiateMultipartUpload(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	if !s.st.hasBucket(t.Bucket) {
		return errNoSuchBucket(t.Bucket)
	}
	if forbidOverwrite(r.Header) && s.st.objectExists(t.Bucket, t.Key) {
		return errFileExists()
	}
	hdr := objectHeaders(r.Header)
	if forbidOverwrite(r.Header) {
		hdr["X-Oss-Forbid-Overwrite"] = "true"
	}
	if t.Query.Has("sequential") {
		hdr["X-Ossemu-Sequential"] = "true"
	}
	io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	u := &uploadMeta{ID: strings.ToUpper(randomHex(16)), Bucket: t.Bucket, Key: t.Key,
		Initiated: s.now().UTC(), Header: hdr}
	if e := s.st.newUpload(u); e != nil {
		return e
	}
	rc.uploadID = u.ID
	writeXML(w, http.StatusOK, struct {
		XMLName      xml.Name `xml:"InitiateMultipartUploadResult"`
		Bucket       string
		Key          string
		UploadId     string
		EncodingType string `xml:",omitempty"`
	}{Bucket: t.Bucket, Key: encodeKey(t.Key, t.Query), UploadId: u.ID, EncodingType: encodingType(t.Query)})
	return nil
}

func parsePartNumber(v string) (int, *apiError) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPartNumber {
		return 0, errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive.", "partNumber", v)
	}
	return n, nil
}

func (s *Server) uploadPart(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	n, e := parsePartNumber(t.Query.Get("partNumber"))
	if e != nil {
		return e
	}
	id := t.Query.Get("uploadId")
	if e := s.st.checkUpload(t.Bucket, t.Key, id); e != nil {
		return e
	}
	got, e := s.receive(r)
	if e != nil {
		return e
	}
	p := &partMeta{Number: n, Blob: got.blob, Size: got.size, ETag: got.etag(), CRC: got.crc, Modified: s.now().UTC()}
	if e := s.st.putPart(t.Bucket, t.Key, id, p); e != nil {
		return e
	}
	h := w.Header()
	h.Set("ETag", p.ETag)
	h.Set("x-oss-hash-crc64ecma", rc.crcHeader(p.CRC))
	if got.md5 != nil {
		h.Set("Content-MD5", base64.StdEncoding.EncodeToString(got.md5))
	}
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

// intParam reads an optional non-negative integer query parameter.
func intParam(q map[string][]string, name string, def, maxV int) (int, *apiError) {
	v := q[name]
	if len(v) == 0 || v[0] == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 0 {
		return 0, errInvalidArgument("Argument "+name+" must be a non-negative integer.", name, v[0])
	}
	return min(n, maxV), nil
}

type xmlPart struct {
	PartNumber    int
	LastModified  string
	ETag          string
	HashCrc64ecma string
	Size          int64
}

func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (s *Server) listParts(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	maxParts, e := intParam(t.Query, "max-parts", 1000, 1000)
	if e != nil {
		return e
	}
	marker, e := intParam(t.Query, "part-number-marker", 0, maxPartNumber)
	if e != nil {
		return e
	}
	u, parts, e := s.st.uploadSnapshot(t.Bucket, t.Key, t.Query.Get("uploadId"))
	if e != nil {
		return e
	}
	res := struct {
		XMLName              xml.Name `xml:"ListPartsResult"`
		Bucket               string
		Key                  string
		UploadId             string
		EncodingType         string `xml:",omitempty"`
		StorageClass         string
		PartNumberMarker     int
		NextPartNumberMarker int
		MaxParts             int
		IsTruncated          bool
		Part                 []xmlPart
	}{Bucket: u.Bucket, Key: encodeKey(u.Key, t.Query), UploadId: u.ID, EncodingType: encodingType(t.Query),
		StorageClass: "Standard", PartNumberMarker: marker, MaxParts: maxParts}
	if sc := u.Header["X-Oss-Storage-Class"]; sc != "" {
		res.StorageClass = sc
	}
	for _, p := range parts {
		if p.Number <= marker {
			continue
		}
		if len(res.Part) == maxParts {
			res.IsTruncated = true
			break
		}
		res.Part = append(res.Part, xmlPart{p.Number, isoTime(p.Modified), p.ETag, strconv.FormatUint(p.CRC, 10), p.Size})
		res.NextPartNumberMarker = p.Number
	}
	writeXML(w, http.StatusOK, res)
	return nil
}

func (s *Server) abortMultipartUpload(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	if e := s.st.abortUpload(t.Bucket, t.Key, t.Query.Get("uploadId")); e != nil {
		return e
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type completeBody struct {
	XMLName xml.Name `xml:"CompleteMultipartUpload"`
	Parts   []struct {
		PartNumber string
		ETag       string
	} `xml:"Part"`
}

func unquote(etag string) string { return strings.ToUpper(strings.Trim(strings.TrimSpace(etag), "\"")) }

// readComplete parses the part list, or takes every uploaded part with x-oss-complete-all.
func readComplete(r *http.Request) (nums []int, etags []string, all bool, e *apiError) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return nil, nil, false, errorf(400, "IncompleteBody", "The request body ended early: "+err.Error())
	}
	if strings.EqualFold(r.Header.Get("x-oss-complete-all"), "yes") {
		if len(strings.TrimSpace(string(data))) > 0 {
			return nil, nil, false, errorf(400, "InvalidArgument", "x-oss-complete-all=yes requires an empty body.")
		}
		return nil, nil, true, nil
	}
	var body completeBody
	if err := xml.Unmarshal(data, &body); err != nil {
		return nil, nil, false, errorf(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
	}
	for _, p := range body.Parts {
		n, e := parsePartNumber(strings.TrimSpace(p.PartNumber))
		if e != nil {
			return nil, nil, false, errorf(400, "MalformedXML", "PartNumber "+strconv.Quote(p.PartNumber)+" is not an integer between 1 and 10000.")
		}
		nums, etags = append(nums, n), append(etags, p.ETag)
	}
	return nums, etags, false, nil
}

func errInvalidPart(n int) *apiError {
	return errorf(400, "InvalidPart", "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.").
		with("PartNumber", strconv.Itoa(n))
}

func (s *Server) completeMultipartUpload(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	id := t.Query.Get("uploadId")
	cb, e := parseCallback(r.Header)
	if e != nil {
		return e
	}
	if e := s.st.checkUpload(t.Bucket, t.Key, id); e != nil {
		return e
	}
	nums, etags, all, e := readComplete(r)
	if e != nil {
		return e
	}
	obj, e := s.st.completeUpload(t.Bucket, t.Key, id, func(u *uploadMeta, have map[int]*partMeta) (*objectMeta, *apiError) {
		var chosen []partMeta
		if all {
			chosen = sortedParts(u)
		} else {
			for i, n := range nums {
				if i > 0 && n <= nums[i-1] {
					return nil, errorf(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.")
				}
				p, ok := have[n]
				if !ok || unquote(p.ETag) != unquote(etags[i]) {
					return nil, errInvalidPart(n)
				}
				chosen = append(chosen, *p)
			}
		}
		for i, p := range chosen {
			if i < len(chosen)-1 && p.Size < minPartSize {
				return nil, errorf(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.").
					with("PartNumber", strconv.Itoa(p.Number)).with("MinSizeAllowed", strconv.Itoa(minPartSize))
			}
		}
		if (u.Header["X-Oss-Forbid-Overwrite"] == "true" || forbidOverwrite(r.Header)) && s.st.buckets[u.Bucket].objects[u.Key] != nil {
			return nil, errFileExists()
		}
		return s.assemble(u, chosen)
	})
	if e != nil {
		return e
	}
	h := w.Header()
	h.Set("ETag", obj.ETag)
	h.Set("x-oss-hash-crc64ecma", rc.crcHeader(obj.CRC))
	if cb != nil {
		return s.runCallback(w, r, rc, cb, obj, t.Bucket)
	}
	writeXML(w, http.StatusOK, struct {
		XMLName      xml.Name `xml:"CompleteMultipartUploadResult"`
		EncodingType string   `xml:",omitempty"`
		Location     string
		Bucket       string
		Key          string
		ETag         string
	}{EncodingType: encodingType(t.Query), Location: s.url + "/" + t.Bucket + "/" + uriEscape(t.Key, true),
		Bucket: t.Bucket, Key: encodeKey(t.Key, t.Query), ETag: obj.ETag})
	return nil
}

// assemble builds the object a Complete produces: the parts' blobs in order, the combined CRC,
// the S3-style ETag (MD5 of the binary part MD5s, then -N) and Initiate's metadata.
func (s *Server) assemble(u *uploadMeta, parts []partMeta) (*objectMeta, *apiError) {
	obj := &objectMeta{Key: u.Key, Type: "Multipart", Modified: s.now().UTC(), Header: map[string]string{}}
	for k, v := range u.Header {
		if !strings.HasPrefix(k, "X-Ossemu-") && k != "X-Oss-Forbid-Overwrite" {
			obj.Header[k] = v
		}
	}
	etags := md5.New()
	for _, p := range parts {
		raw, err := hex.DecodeString(unquote(p.ETag))
		if err != nil {
			return nil, errInternal(fmt.Errorf("part %d has ETag %s", p.Number, p.ETag))
		}
		etags.Write(raw)
		obj.CRC = crc64.Combine(obj.CRC, p.CRC, p.Size)
		obj.Size += p.Size
		obj.Segments = append(obj.Segments, segment{Blob: p.Blob, Size: p.Size})
	}
	obj.ETag = fmt.Sprintf("\"%s-%d\"", strings.ToUpper(hex.EncodeToString(etags.Sum(nil))), len(parts))
	if u.Header["X-Ossemu-Sequential"] == "true" && !s.opts.Benchmark {
		// A sequential upload gets a whole-object Content-MD5, which means reading it back.
		sum := md5.New()
		if err := s.copyRange(sum, obj, 0, obj.Size); err != nil {
			return nil, errInternal(err)
		}
		obj.MD5 = base64.StdEncoding.EncodeToString(sum.Sum(nil))
	}
	return obj, nil
}
