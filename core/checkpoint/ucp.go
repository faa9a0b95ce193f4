package checkpoint

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The .ucp document as the official C SDK writes it (c-sdk-surface §3.5): one line of mxml
// output; ETags keep the server's quotes (&quot;), LastModified is in microseconds, Crc64 is
// always 0 for uploads.
type ucpDoc struct {
	XMLName   xml.Name `xml:"Checkpoint"`
	Type      string   `xml:"Type"`
	LocalFile struct {
		Path         string `xml:"Path"`
		Size         string `xml:"Size"`
		LastModified string `xml:"LastModified"`
	} `xml:"LocalFile"`
	UploadID string `xml:"UploadId"`
	CPParts  struct {
		Number string    `xml:"Number"`
		Size   string    `xml:"Size"`
		Parts  []ucpPart `xml:"Parts>Part"`
	} `xml:"CPParts"`
}

type ucpPart struct {
	Index     string `xml:"Index"`
	Offset    string `xml:"Offset"`
	Size      string `xml:"Size"`
	Completed string `xml:"Completed"`
	ETag      string `xml:"ETag"`
	Crc64     string `xml:"Crc64"`
}

// ReadUCP parses a .ucp written by the official C SDK into a Record with Format FormatUCP.
// The C SDK records neither bucket, key nor endpoint, so those fields are empty; the file
// identity holds the path as the SDK was given it, the size and the mtime (µs ×1000), with
// Dev and Ino 0. Only completed parts are kept. Unlike the C SDK, every index, offset and size
// is checked against the plan, so a damaged file is a *CorruptError, never an out-of-range write.
func ReadUCP(data []byte) (*Record, error) {
	var d ucpDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		return nil, &CorruptError{Reason: "ucp: " + err.Error()}
	}
	r, err := d.record()
	if err != nil {
		return nil, &CorruptError{Reason: "ucp: " + err.Error()}
	}
	return r, nil
}

func (d *ucpDoc) record() (*Record, error) {
	var err error
	num := func(what, s string) int64 {
		v, e := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %q is not an integer", what, s)
		}
		return v
	}
	typ := num("Type", d.Type)
	size := num("LocalFile/Size", d.LocalFile.Size)
	mtime := num("LocalFile/LastModified", d.LocalFile.LastModified)
	count := num("CPParts/Number", d.CPParts.Number)
	partSize := num("CPParts/Size", d.CPParts.Size)
	if err != nil {
		return nil, err
	}
	switch {
	case typ != 1:
		return nil, fmt.Errorf("Type %d is not an upload checkpoint", typ)
	case d.UploadID == "":
		return nil, fmt.Errorf("empty UploadId")
	case size < 0:
		return nil, fmt.Errorf("negative file size %d", size)
	case mtime > math.MaxInt64/1000 || mtime < math.MinInt64/1000:
		return nil, fmt.Errorf("LastModified %d out of range", mtime)
	case partSize <= 0 || partSize > MaxPartSize:
		return nil, fmt.Errorf("part size %d outside 1..%d", partSize, int64(MaxPartSize))
	case count < 0 || count > MaxParts || count != int64(PlanCount(size, partSize)):
		return nil, fmt.Errorf("part count %d does not match %d bytes in parts of %d", count, size, partSize)
	}
	r := &Record{
		UploadID:  d.UploadID,
		PartSize:  partSize,
		PartCount: int(count),
		File:      FileID{Path: d.LocalFile.Path, Size: size, MtimeNs: mtime * 1000},
		Format:    FormatUCP,
	}
	for _, x := range d.CPParts.Parts {
		if strings.TrimSpace(x.Completed) != "1" {
			continue
		}
		idx := num("Part/Index", x.Index)
		off := num("Part/Offset", x.Offset)
		sz := num("Part/Size", x.Size)
		var crc uint64
		if s := strings.TrimSpace(x.Crc64); s != "" {
			var e error
			if crc, e = strconv.ParseUint(s, 10, 64); e != nil && err == nil {
				err = fmt.Errorf("Part/Crc64: %q is not an unsigned integer", x.Crc64)
			}
		}
		if err != nil {
			return nil, err
		}
		if idx < 0 || idx >= count {
			return nil, fmt.Errorf("part index %d outside 0..%d", idx, count-1)
		}
		// The C SDK writes Crc64 as a literal 0 for uploads: 0 means unknown.
		p := Part{Number: int(idx) + 1, Offset: off, Size: sz, ETag: x.ETag, CRC64: crc, HasCRC: crc != 0}
		if err := r.validatePart(&p); err != nil {
			return nil, err
		}
		r.SetPart(p)
	}
	return r, nil
}

// EncodeUCP writes r in the C SDK's .ucp layout (byte-exact with the SDK's mxml output for the
// fields it fills), marking r's parts completed. It exists so tests and tools can hand an upload
// back to programs built on the C SDK; Crc64 is written as 0, as the SDK does.
func EncodeUCP(r *Record) []byte {
	var b strings.Builder
	esc := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s))
		// mxml writes &quot; where encoding/xml writes &#34;.
		return strings.ReplaceAll(strings.ReplaceAll(e.String(), "&#34;", "&quot;"), "&#39;", "'")
	}
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><Checkpoint><MD5></MD5><Type>1</Type>`)
	fmt.Fprintf(&b, `<LocalFile><Path>%s</Path><Size>%d</Size><LastModified>%d</LastModified><MD5></MD5></LocalFile>`,
		esc(r.File.Path), r.File.Size, r.File.MtimeNs/1000)
	fmt.Fprintf(&b, `<Object><Key></Key><Size>0</Size><LastModified></LastModified><ETag></ETag></Object>`)
	fmt.Fprintf(&b, `<UploadId>%s</UploadId><CPParts><Number>%d</Number><Size>%d</Size><Parts>`,
		esc(r.UploadID), r.PartCount, r.PartSize)
	j := 0
	for n := 1; n <= r.PartCount; n++ {
		off, sz := PartRange(n, r.File.Size, r.PartSize)
		done, etag := 0, ""
		if j < len(r.Parts) && r.Parts[j].Number == n {
			done, etag = 1, r.Parts[j].ETag
			j++
		}
		fmt.Fprintf(&b, `<Part><Index>%d</Index><Offset>%d</Offset><Size>%d</Size><Completed>%d</Completed><ETag>%s</ETag><Crc64>0</Crc64></Part>`,
			n-1, off, sz, done, esc(etag))
	}
	b.WriteString("</Parts></CPParts></Checkpoint>\n")
	return []byte(b.String())
}
