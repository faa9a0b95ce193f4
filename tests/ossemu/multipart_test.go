package ossemu

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
)

func TestMultipartUpload(t *testing.T) {
	for _, v4 := range []bool{false, true} {
		t.Run(fmt.Sprintf("V4=%v", v4), func(t *testing.T) {
			s := startServer(t, Options{})
			c := newClient(t, s)
			c.v4 = v4
			key := "mp/dir/объект.bin"
			id := c.initiate("bkt", key, http.Header{"X-Oss-Meta-Origin": {"initiate"}, "Content-Type": {"image/jpeg"},
				"Expires": {"Wed, 21 Oct 2026 07:28:00 GMT"}})
			sizes := []int{minPartSize, minPartSize + 1, 5000}
			var parts [][]byte
			var list []completePart
			for i, n := range sizes {
				stale := randomData(n)
				c.uploadPart("bkt", key, id, i+1, stale).want(t, 200, "")
				parts = append(parts, randomData(n)) // a re-sent part replaces the earlier one
				r := c.uploadPart("bkt", key, id, i+1, parts[i]).want(t, 200, "")
				sum := md5.Sum(parts[i])
				if r.Header.Get("ETag") != fmt.Sprintf("\"%X\"", sum) || r.Header.Get("x-oss-hash-crc64ecma") != strconv.FormatUint(crc64.Checksum(parts[i]), 10) {
					t.Fatalf("part %d: ETag %s, CRC %s", i+1, r.Header.Get("ETag"), r.Header.Get("x-oss-hash-crc64ecma"))
				}
				list = append(list, completePart{i + 1, r.Header.Get("ETag")})
			}
			whole := bytes.Join(parts, nil)
			c.get("bkt", key, nil).want(t, 404, "NoSuchKey") // nothing until Complete
			r := c.complete("bkt", key, id, list).want(t, 200, "")
			var res struct{ Bucket, Key, ETag string }
			xml.Unmarshal(r.body, &res)
			etags := md5.New()
			for _, p := range parts {
				sum := md5.Sum(p)
				etags.Write(sum[:])
			}
			wantETag := "\"" + strings.ToUpper(hex.EncodeToString(etags.Sum(nil))) + "-3\""
			wantCRC := strconv.FormatUint(crc64.Checksum(whole), 10)
			if res.ETag != wantETag || r.Header.Get("x-oss-hash-crc64ecma") != wantCRC || res.Key != key || res.Bucket != "bkt" {
				t.Fatalf("Complete: %s, CRC %s; want ETag %s CRC %s", r.body, r.Header.Get("x-oss-hash-crc64ecma"), wantETag, wantCRC)
			}
			g := c.get("bkt", key, nil).want(t, 200, "")
			if !bytes.Equal(g.body, whole) {
				t.Fatal("object differs from its parts")
			}
			for name, want := range map[string]string{"X-Oss-Object-Type": "Multipart", "X-Oss-Meta-Origin": "initiate",
				"Content-Type": "image/jpeg", "Expires": "Wed, 21 Oct 2026 07:28:00 GMT", "ETag": wantETag, "X-Oss-Hash-Crc64ecma": wantCRC} {
				if got := g.Header.Get(name); got != want {
					t.Fatalf("GET after Complete: %s = %q, want %q", name, got, want)
				}
			}
			if g.Header.Get("Content-MD5") != "" {
				t.Fatal("a multipart object (not sequential) has Content-MD5")
			}
			mid := c.get("bkt", key, http.Header{"Range": {"bytes=102300-102500"}}).want(t, 206, "") // across parts 1 and 2
			if !bytes.Equal(mid.body, whole[102300:102501]) {
				t.Fatal("range across a part boundary is wrong")
			}
			c.complete("bkt", key, id, list).want(t, 404, "NoSuchUpload")
			if len(s.OpenUploads("bkt")) != 0 {
				t.Fatal("upload still open after Complete")
			}
		})
	}
}

func TestCompleteErrors(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	key := "errs"
	id := c.initiate("bkt", key, nil)
	small := randomData(1000)
	big := randomData(minPartSize)
	e1 := c.uploadPart("bkt", key, id, 1, big).want(t, 200, "").Header.Get("ETag")
	e2 := c.uploadPart("bkt", key, id, 2, small).want(t, 200, "").Header.Get("ETag")
	small3 := randomData(1000)
	e3 := c.uploadPart("bkt", key, id, 3, small3).want(t, 200, "").Header.Get("ETag")
	for _, tc := range []struct {
		name  string
		parts []completePart
		body  []byte
		code  string
	}{
		{"descending", []completePart{{2, e2}, {1, e1}}, nil, "InvalidPartOrder"},
		{"repeated", []completePart{{1, e1}, {1, e1}}, nil, "InvalidPartOrder"},
		{"missing part", []completePart{{1, e1}, {4, e2}}, nil, "InvalidPart"},
		{"wrong ETag", []completePart{{1, e1}, {2, e3}}, nil, "InvalidPart"},
		{"small middle part", []completePart{{1, e1}, {2, e2}, {3, e3}}, nil, "EntityTooSmall"},
		{"malformed", nil, []byte("<CompleteMultipartUpload><Part>"), "MalformedXML"},
		{"bad number", nil, []byte("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>"), "MalformedXML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if body == nil {
				body = completeXML(tc.parts)
			}
			c.do("POST", "bkt", key, "uploadId="+id, nil, body).want(t, 400, tc.code)
		})
	}
	// Non-contiguous numbers are fine; unlisted parts are dropped; ETags match without quotes.
	r := c.complete("bkt", key, id, []completePart{{1, strings.Trim(e1, "\"")}, {3, e3}}).want(t, 200, "")
	if !strings.Contains(string(r.body), "-2") {
		t.Fatalf("Complete: %s", r.body)
	}
	if got, _ := s.Object("bkt", key); !bytes.Equal(got, append(append([]byte{}, big...), small3...)) {
		t.Fatal("object is not parts 1 and 3")
	}
	c.uploadPart("bkt", key, id, 4, small).want(t, 404, "NoSuchUpload")
	c.complete("bkt", "other", id, nil).want(t, 404, "NoSuchUpload")
	id2 := c.initiate("bkt", key, nil)
	c.uploadPart("bkt", key, id2, 0, small).want(t, 400, "InvalidArgument")
	c.uploadPart("bkt", key, id2, 10001, small).want(t, 400, "InvalidArgument")
	c.do("PUT", "bkt", key, "partNumber=x&uploadId="+id2, nil, small).want(t, 400, "InvalidArgument")
	c.uploadPart("bkt", "other-key", id2, 1, small).want(t, 404, "NoSuchUpload")
	c.do("DELETE", "bkt", key, "uploadId="+id2, nil, nil).want(t, 204, "")
	c.do("DELETE", "bkt", key, "uploadId="+id2, nil, nil).want(t, 404, "NoSuchUpload")
	c.do("POST", "nobkt", key, "uploads", nil, nil).want(t, 404, "NoSuchBucket")
	c.do("POST", "bkt", strings.Repeat("x", 1024), "uploads", nil, nil).want(t, 400, "InvalidObjectName")

	// forbid-overwrite given at Initiate is enforced at Complete.
	id3 := c.initiate("bkt", "fresh", http.Header{"X-Oss-Forbid-Overwrite": {"true"}})
	et := c.uploadPart("bkt", "fresh", id3, 1, small).want(t, 200, "").Header.Get("ETag")
	c.put("bkt", "fresh", small, nil).want(t, 200, "")
	c.complete("bkt", "fresh", id3, []completePart{{1, et}}).want(t, 409, "FileAlreadyExists")
}

type listPartsResult struct {
	PartNumberMarker, NextPartNumberMarker, MaxParts int
	IsTruncated                                      bool
	Key, EncodingType                                string
	Part                                             []struct {
		PartNumber    int
		ETag          string
		Size          int64
		HashCrc64ecma string
	}
}

func TestListPartsPaging(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	key := "list/parts"
	id := c.initiate("bkt", key, nil)
	numbers := []int{1, 2, 5, 7, 9, 10}
	for _, n := range numbers {
		c.uploadPart("bkt", key, id, n, []byte(strings.Repeat("p", n))).want(t, 200, "")
	}
	var got []int
	marker, pages := 0, 0
	for {
		r := c.do("GET", "bkt", key, "encoding-type=url&max-parts=4&part-number-marker="+itoa(marker)+"&uploadId="+id, nil, nil).want(t, 200, "")
		var res listPartsResult
		if err := xml.Unmarshal(r.body, &res); err != nil {
			t.Fatal(err)
		}
		pages++
		if res.MaxParts != 4 || res.PartNumberMarker != marker || res.Key != "list%2Fparts" || res.EncodingType != "url" {
			t.Fatalf("page %d: %s", pages, r.body)
		}
		for _, p := range res.Part {
			got = append(got, p.PartNumber)
			if p.Size != int64(p.PartNumber) || p.HashCrc64ecma != strconv.FormatUint(crc64.Checksum([]byte(strings.Repeat("p", p.PartNumber))), 10) {
				t.Fatalf("part %d: size %d CRC %s", p.PartNumber, p.Size, p.HashCrc64ecma)
			}
		}
		if !res.IsTruncated {
			break
		}
		marker = res.NextPartNumberMarker
	}
	if fmt.Sprint(got) != fmt.Sprint(numbers) || pages != 2 {
		t.Fatalf("listed %v in %d pages", got, pages)
	}
	c.do("GET", "bkt", key, "max-parts=-1&uploadId="+id, nil, nil).want(t, 400, "InvalidArgument")
	c.do("GET", "bkt", key, "uploadId=nope", nil, nil).want(t, 404, "NoSuchUpload")
}

func TestListMultipartUploads(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	ids := map[string]string{}
	for _, k := range []string{"a", "b/1", "b/2", "c", "c"} {
		ids[c.initiate("bkt", k, nil)] = k
	}
	type result struct {
		IsTruncated                       bool
		NextKeyMarker, NextUploadIdMarker string
		Upload                            []struct{ Key, UploadId string }
		CommonPrefixes                    []struct{ Prefix string }
	}
	var seen []string
	q := "max-uploads=2&uploads"
	for pages := 0; pages < 10; pages++ {
		r := c.do("GET", "bkt", "", q, nil, nil).want(t, 200, "")
		var res result
		xml.Unmarshal(r.body, &res)
		for _, u := range res.Upload {
			if ids[u.UploadId] != u.Key {
				t.Fatalf("upload %s listed under %q", u.UploadId, u.Key)
			}
			seen = append(seen, u.Key)
		}
		if !res.IsTruncated {
			break
		}
		q = "key-marker=" + uriEscape(res.NextKeyMarker, false) + "&max-uploads=2&upload-id-marker=" + res.NextUploadIdMarker + "&uploads"
	}
	if fmt.Sprint(seen) != "[a b/1 b/2 c c]" {
		t.Fatalf("listed %v", seen)
	}
	r := c.do("GET", "bkt", "", "delimiter=%2F&uploads", nil, nil).want(t, 200, "")
	var res result
	xml.Unmarshal(r.body, &res)
	if len(res.CommonPrefixes) != 1 || res.CommonPrefixes[0].Prefix != "b/" || len(res.Upload) != 3 {
		t.Fatalf("with delimiter: %s", r.body)
	}
}

func TestSequentialAndCompleteAll(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	r := c.do("POST", "bkt", "seq", "sequential&uploads", nil, nil).want(t, 200, "")
	var init struct{ UploadId string }
	xml.Unmarshal(r.body, &init)
	p1, p2 := randomData(minPartSize), randomData(10)
	c.uploadPart("bkt", "seq", init.UploadId, 1, p1).want(t, 200, "")
	c.uploadPart("bkt", "seq", init.UploadId, 2, p2).want(t, 200, "")
	c.do("POST", "bkt", "seq", "uploadId="+init.UploadId, http.Header{"X-Oss-Complete-All": {"yes"}}, []byte{}).want(t, 200, "")
	whole := append(p1, p2...)
	h := c.do("HEAD", "bkt", "seq", "", nil, nil).want(t, 200, "")
	if h.Header.Get("Content-MD5") != md5Header(whole) {
		t.Fatalf("sequential upload: Content-MD5 %q", h.Header.Get("Content-MD5"))
	}
}
