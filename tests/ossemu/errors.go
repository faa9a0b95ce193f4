package ossemu

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"strconv"
)

// apiError is a failure answered with OSS's error XML (oss-protocol.md §1.10).
type apiError struct {
	Status  int
	Code    string
	Message string
	Extra   []xmlField // error-specific elements after EC, in order
	Header  http.Header
}

type xmlField struct{ Name, Value string }

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func (e *apiError) with(name, value string) *apiError {
	e.Extra = append(e.Extra, xmlField{name, value})
	return e
}

func errorf(status int, code, msg string) *apiError {
	return &apiError{Status: status, Code: code, Message: msg}
}

// Constructors for the errors the server answers most often; messages follow OSS's wording.
func errNoSuchBucket(b string) *apiError {
	return errorf(404, "NoSuchBucket", "The specified bucket does not exist.").with("BucketName", b)
}
func errNoSuchKey(k string) *apiError {
	return errorf(404, "NoSuchKey", "The specified key does not exist.").with("Key", k)
}
func errNoSuchUpload(id string) *apiError {
	return errorf(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").with("UploadId", id)
}
func errInvalidArgument(msg, name, value string) *apiError {
	return errorf(400, "InvalidArgument", msg).with("ArgumentName", name).with("ArgumentValue", value)
}
func errInternal(err error) *apiError {
	return errorf(500, "InternalError", "We encountered an internal error. Please try again. ("+err.Error()+")")
}

// ecCodes are the x-oss-ec sub-codes the emulator reports. NoSuchUpload's is the one real OSS
// sends (oss-protocol.md §1.10); the others follow the same DDDD-DDDDDDDD shape so clients that
// parse EC see a well-formed value.
var ecCodes = map[string]string{
	"NoSuchUpload":          "0017-00000244",
	"NoSuchBucket":          "0015-00000101",
	"NoSuchKey":             "0026-00000001",
	"SignatureDoesNotMatch": "0002-00000040",
	"InvalidAccessKeyId":    "0002-00000902",
	"RequestTimeTooSkewed":  "0002-00000504",
	"AccessDenied":          "0003-00000001",
	"InvalidSecurityToken":  "0002-00000901",
	"InvalidPart":           "0017-00000203",
	"InvalidPartOrder":      "0017-00000201",
	"EntityTooSmall":        "0017-00000202",
	"InvalidDigest":         "0016-00000104",
	"MalformedXML":          "0017-00000101",
	"InvalidArgument":       "0017-00000102",
	"InvalidObjectName":     "0016-00000005",
	"InvalidBucketName":     "0015-00000001",
	"BucketNotEmpty":        "0015-00000301",
	"FileAlreadyExists":     "0016-00000702",
	"CallbackFailed":        "0007-00000203",
	"MissingContentLength":  "0016-00000101",
	"EntityTooLarge":        "0016-00000102",
	"InvalidRange":          "0016-00000201",
	"InternalError":         "0000-00000001",
}

func ecFor(code string) string {
	if ec, ok := ecCodes[code]; ok {
		return ec
	}
	return "0000-00000000"
}

// errorXML renders the error document; the request id and host are those of this response.
func (e *apiError) xml(requestID, hostID string) []byte {
	type elem struct {
		XMLName xml.Name
		Value   string `xml:",chardata"`
	}
	doc := struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string
		Message   string
		RequestId string
		HostId    string
		EC        string
		Extra     []elem
	}{Code: e.Code, Message: e.Message, RequestId: requestID, HostId: hostID, EC: ecFor(e.Code)}
	for _, f := range e.Extra {
		doc.Extra = append(doc.Extra, elem{XMLName: xml.Name{Local: f.Name}, Value: f.Value})
	}
	out, err := xml.Marshal(doc)
	if err != nil { // only strings inside: cannot happen
		panic(err)
	}
	return append([]byte(xml.Header), out...)
}

// writeError answers e. HEAD responses carry no body, so the XML travels base64 in x-oss-err.
func writeError(w http.ResponseWriter, r *http.Request, rc *reqCtx, e *apiError) {
	body := e.xml(rc.requestID, r.Host)
	h := w.Header()
	h.Del("x-oss-hash-crc64ecma")
	h.Del("ETag")
	for k, v := range e.Header {
		h[k] = v
	}
	h.Set("x-oss-ec", ecFor(e.Code))
	h.Set("Content-Type", "application/xml")
	rc.code = e.Code
	if r.Method == http.MethodHead {
		h.Set("x-oss-err", base64.StdEncoding.EncodeToString(body))
		h.Set("Content-Length", "0")
		w.WriteHeader(e.Status)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Status)
	w.Write(body)
}
