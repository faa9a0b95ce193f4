package ossemu

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
)

// copyObject serves CopyObject: PUT /key with x-oss-copy-source "/bucket/key", the key
// query-encoded ("+" is a space: the official Go SDK v1 encodes with url.QueryEscape). The copy shares the source's stored bytes; with
// x-oss-metadata-directive REPLACE it takes this request's headers, otherwise (COPY, the
// default) the source's. x-oss-copy-source-if-match is honoured, as is
// x-oss-forbid-overwrite (OSS API reference, CopyObject).
func (s *Server) copyObject(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	t := rc.target
	src := r.Header.Get("x-oss-copy-source")
	srcBucket, srcKey, ok := strings.Cut(strings.TrimPrefix(src, "/"), "/")
	if ok {
		var err error
		if srcKey, err = url.QueryUnescape(srcKey); err != nil {
			ok = false
		}
	}
	if !ok || srcBucket == "" || srcKey == "" {
		return errInvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey.", "x-oss-copy-source", src)
	}
	directive := r.Header.Get("x-oss-metadata-directive")
	switch strings.ToUpper(directive) {
	case "", "COPY", "REPLACE":
	default:
		return errInvalidArgument("Unknown metadata directive.", "x-oss-metadata-directive", directive)
	}
	if !s.st.hasBucket(t.Bucket) {
		return errNoSuchBucket(t.Bucket)
	}
	obj, release, e := s.st.pinObject(srcBucket, srcKey)
	if e != nil {
		return e
	}
	defer release()
	if m := r.Header.Get("x-oss-copy-source-if-match"); m != "" && !strings.EqualFold(strings.Trim(m, `"`), strings.Trim(obj.ETag, `"`)) {
		return errorf(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.").with("Condition", "x-oss-copy-source-if-match")
	}
	if forbidOverwrite(r.Header) && s.st.objectExists(t.Bucket, t.Key) {
		return errFileExists()
	}
	header := obj.Header
	if strings.EqualFold(directive, "REPLACE") {
		header = objectHeaders(r.Header)
	}
	cp := &objectMeta{Key: t.Key, Size: obj.Size, ETag: obj.ETag, CRC: obj.CRC, Type: obj.Type,
		Modified: s.now().UTC(), Header: header, MD5: obj.MD5,
		Segments: append([]segment(nil), obj.Segments...)}
	if e := s.st.putObject(t.Bucket, cp); e != nil {
		return e
	}
	w.Header().Set("x-oss-hash-crc64ecma", rc.crcHeader(cp.CRC))
	writeXML(w, http.StatusOK, struct {
		XMLName      xml.Name `xml:"CopyObjectResult"`
		ETag         string
		LastModified string
	}{ETag: cp.ETag, LastModified: isoTime(cp.Modified)})
	return nil
}
