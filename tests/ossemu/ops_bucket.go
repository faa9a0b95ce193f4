package ossemu

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
)

func (s *Server) putBucket(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20)) // CreateBucketConfiguration: accepted, ignored
	if err := s.st.createBucket(rc.target.Bucket, s.now().UTC()); err != nil {
		return errInternal(err)
	}
	w.Header().Set("Location", "/"+rc.target.Bucket)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) deleteBucket(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	if e := s.st.deleteBucket(rc.target.Bucket); e != nil {
		return e
	}
	s.cors.set(rc.target.Bucket, nil)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listBuckets honours prefix, marker and max-keys (default 100, at most 1000) as OSS's
// ListBuckets (GetService) does: a client that lists "test-" buckets to delete them must get
// only those. Prefix, Marker, MaxKeys, IsTruncated and NextMarker are sent only when the list
// is cut short (OSS API reference, ListBuckets (GetService), "Response elements").
func (s *Server) listBuckets(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	q := rc.target.Query
	maxKeys, e := intParam(q, "max-keys", 100, 1000)
	if e != nil {
		return e
	}
	type bucket struct {
		Name         string
		CreationDate string
		Location     string
		StorageClass string
	}
	res := struct {
		XMLName     xml.Name `xml:"ListAllMyBucketsResult"`
		Prefix      *string  `xml:",omitempty"`
		Marker      *string  `xml:",omitempty"`
		MaxKeys     *int     `xml:",omitempty"`
		IsTruncated *bool    `xml:",omitempty"`
		NextMarker  *string  `xml:",omitempty"`
		Owner       struct{ ID, DisplayName string }
		Buckets     []bucket `xml:"Buckets>Bucket"`
	}{}
	res.Owner.ID, res.Owner.DisplayName = ownerID, ownerID
	prefix, marker := q.Get("prefix"), q.Get("marker")
	for _, b := range s.st.bucketNames() {
		if b.Name <= marker || !strings.HasPrefix(b.Name, prefix) {
			continue
		}
		if len(res.Buckets) == maxKeys {
			truncated, next := true, res.Buckets[len(res.Buckets)-1].Name
			res.Prefix, res.Marker, res.MaxKeys, res.IsTruncated, res.NextMarker = &prefix, &marker, &maxKeys, &truncated, &next
			break
		}
		res.Buckets = append(res.Buckets, bucket{b.Name, isoTime(b.Created), "oss-local", "Standard"})
	}
	writeXML(w, http.StatusOK, res)
	return nil
}

// ownerID is the owner every bucket and object of the emulator has.
const ownerID = "ossemu"

// page walks sorted keys after a marker, folding keys that share a prefix up to the delimiter
// into common prefixes, as OSS listings do. visit returns false to stop (the page is full).
func page(keys []string, prefix, delimiter, after string, visit func(key string, isPrefix bool) bool) {
	lastPrefix := ""
	for _, k := range keys {
		if k <= after || !strings.HasPrefix(k, prefix) {
			continue
		}
		if delimiter != "" {
			if i := strings.Index(k[len(prefix):], delimiter); i >= 0 {
				cp := k[:len(prefix)+i+len(delimiter)]
				if cp == lastPrefix || cp <= after {
					continue
				}
				lastPrefix = cp
				if !visit(cp, true) {
					return
				}
				continue
			}
		}
		if !visit(k, false) {
			return
		}
	}
}

func (s *Server) listObjects(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	q := rc.target.Query
	v2 := q.Get("list-type") == "2"
	maxKeys, e := intParam(q, "max-keys", 100, 1000)
	if e != nil {
		return e
	}
	objs, e := s.st.listObjects(rc.target.Bucket, q.Get("prefix"))
	if e != nil {
		return e
	}
	byKey := map[string]objectMeta{}
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i], byKey[o.Key] = o.Key, o
	}
	after := q.Get("marker")
	if v2 {
		after = q.Get("start-after")
		if tok := q.Get("continuation-token"); tok != "" {
			after = tok
		}
	}
	type owner struct{ ID, DisplayName string }
	type content struct {
		Key          string
		LastModified string
		ETag         string
		Type         string
		Size         int64
		StorageClass string
		Owner        *owner `xml:",omitempty"`
	}
	// ListObjects (v1) always carries each object's Owner; ListObjectsV2 only with
	// fetch-owner=true (OSS API reference, ListObjects and ListObjectsV2, "Owner"). ali-oss's
	// list() reads Owner.ID of every object.
	var objOwner *owner
	if !v2 || q.Get("fetch-owner") == "true" {
		objOwner = &owner{ownerID, ownerID}
	}
	type commonPrefix struct{ Prefix string }
	var contents []content
	var prefixes []commonPrefix
	truncated, next := false, ""
	page(keys, q.Get("prefix"), q.Get("delimiter"), after, func(k string, isPrefix bool) bool {
		if len(contents)+len(prefixes) == maxKeys {
			truncated = true
			return false
		}
		next = k
		if isPrefix {
			prefixes = append(prefixes, commonPrefix{encodeKey(k, q)})
			return true
		}
		o := byKey[k]
		sc := o.Header["X-Oss-Storage-Class"]
		if sc == "" {
			sc = "Standard"
		}
		contents = append(contents, content{encodeKey(k, q), isoTime(o.Modified), o.ETag, o.Type, o.Size, sc, objOwner})
		return true
	})
	if !truncated {
		next = ""
	}
	res := struct {
		XMLName               xml.Name `xml:"ListBucketResult"`
		Name                  string
		Prefix                string
		Marker                *string `xml:",omitempty"`
		StartAfter            string  `xml:",omitempty"`
		ContinuationToken     string  `xml:",omitempty"`
		MaxKeys               int
		Delimiter             string
		EncodingType          string `xml:",omitempty"`
		IsTruncated           bool
		NextMarker            string `xml:",omitempty"`
		NextContinuationToken string `xml:",omitempty"`
		KeyCount              *int   `xml:",omitempty"`
		Contents              []content
		CommonPrefixes        []commonPrefix
	}{Name: rc.target.Bucket, Prefix: encodeKey(q.Get("prefix"), q), MaxKeys: maxKeys,
		Delimiter: encodeKey(q.Get("delimiter"), q), EncodingType: encodingType(q), IsTruncated: truncated,
		Contents: contents, CommonPrefixes: prefixes}
	if v2 {
		n := len(contents) + len(prefixes)
		res.KeyCount, res.StartAfter, res.ContinuationToken = &n, q.Get("start-after"), q.Get("continuation-token")
		res.NextContinuationToken = next
	} else {
		m := encodeKey(q.Get("marker"), q)
		res.Marker, res.NextMarker = &m, encodeKey(next, q)
		if next == "" {
			res.NextMarker = ""
		}
	}
	writeXML(w, http.StatusOK, res)
	return nil
}

func (s *Server) listMultipartUploads(w http.ResponseWriter, r *http.Request, rc *reqCtx) *apiError {
	q := rc.target.Query
	maxUploads, e := intParam(q, "max-uploads", 1000, 1000)
	if e != nil {
		return e
	}
	uploads, e := s.st.listUploads(rc.target.Bucket)
	if e != nil {
		return e
	}
	keyMarker, idMarker := q.Get("key-marker"), q.Get("upload-id-marker")
	// Drop what the markers say was already listed: keys before key-marker, and on key-marker
	// itself the uploads up to upload-id-marker (all of them when no id marker is given).
	var rest []uploadMeta
	for i, u := range uploads {
		switch {
		case keyMarker == "" || u.Key > keyMarker:
			rest = append(rest, u)
		case u.Key == keyMarker && idMarker != "":
			if j := indexUpload(uploads, keyMarker, idMarker); j >= 0 && i > j {
				rest = append(rest, u)
			}
		}
	}
	type upload struct {
		Key          string
		UploadId     string
		StorageClass string
		Initiated    string
	}
	type commonPrefix struct{ Prefix string }
	res := struct {
		XMLName            xml.Name `xml:"ListMultipartUploadsResult"`
		Bucket             string
		EncodingType       string `xml:",omitempty"`
		KeyMarker          string
		UploadIdMarker     string
		NextKeyMarker      string
		NextUploadIdMarker string
		Delimiter          string
		Prefix             string
		MaxUploads         int
		IsTruncated        bool
		Upload             []upload
		CommonPrefixes     []commonPrefix
	}{Bucket: rc.target.Bucket, EncodingType: encodingType(q), KeyMarker: encodeKey(keyMarker, q),
		UploadIdMarker: idMarker, Delimiter: encodeKey(q.Get("delimiter"), q),
		Prefix: encodeKey(q.Get("prefix"), q), MaxUploads: maxUploads}
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	seen := map[string]bool{}
	for _, u := range rest {
		if !strings.HasPrefix(u.Key, prefix) {
			continue
		}
		cp := ""
		if delim != "" {
			if i := strings.Index(u.Key[len(prefix):], delim); i >= 0 {
				cp = u.Key[:len(prefix)+i+len(delim)]
			}
		}
		if cp != "" && (seen[cp] || cp == keyMarker) {
			continue
		}
		if len(res.Upload)+len(res.CommonPrefixes) == maxUploads {
			res.IsTruncated = true
			break
		}
		if cp != "" {
			seen[cp] = true
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefix{encodeKey(cp, q)})
			res.NextKeyMarker, res.NextUploadIdMarker = encodeKey(cp, q), ""
			continue
		}
		sc := u.Header["X-Oss-Storage-Class"]
		if sc == "" {
			sc = "Standard"
		}
		res.Upload = append(res.Upload, upload{encodeKey(u.Key, q), u.ID, sc, isoTime(u.Initiated)})
		res.NextKeyMarker, res.NextUploadIdMarker = encodeKey(u.Key, q), u.ID
	}
	if !res.IsTruncated {
		res.NextKeyMarker, res.NextUploadIdMarker = "", ""
	}
	writeXML(w, http.StatusOK, res)
	return nil
}

func indexUpload(us []uploadMeta, key, id string) int {
	for i, u := range us {
		if u.Key == key && u.ID == id {
			return i
		}
	}
	return -1
}
