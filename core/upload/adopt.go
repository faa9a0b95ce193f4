package upload

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
)

// adoptListed keeps the parts the server lists for an upload that a record it continues lacks
// (have): the official SDK writes its record after a part finishes, so the parts that finished
// last before it stopped are on the server and not in its record. A part is adopted only when
// it fits the plan (number, size) and its content is proven to be the local file's: the local
// bytes are read once and must match every proof the listing offers, the MD5 in its ETag (an
// OSS part's ETag is the quoted, upper-case hex MD5 of the part) and its CRC-64, and at least
// one must be offered. Anything else is left out, so it is sent again (which replaces it).
//
// It is an engine step of its own so that any continuation of a foreign record (the C SDK's
// .ucp, ali-oss's checkpoint object) can use it: it takes the plan from rec and returns the
// adopted parts, with the CRC-64 read here, in ascending order.
func (j *job) adoptListed(ctx context.Context, rec *checkpoint.Record, have []checkpoint.Part, server []oss.Part) ([]checkpoint.Part, error) {
	known := make(map[int]bool, len(have))
	for _, p := range have {
		known[p.Number] = true
	}
	var (
		adopted []checkpoint.Part
		buf     []byte
	)
	for _, s := range server {
		if known[s.PartNumber] || s.PartNumber < 1 || s.PartNumber > rec.PartCount {
			continue
		}
		off, size := checkpoint.PartRange(s.PartNumber, rec.File.Size, rec.PartSize)
		sum, isMD5 := etagMD5(s.ETag)
		if s.Size != size || !isMD5 && !s.HasCRC64 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if buf == nil {
			buf = make([]byte, 1<<20)
		}
		crc, md, err := hashRange(j.f, off, size, buf)
		if err != nil {
			return nil, err
		}
		if isMD5 && md != sum || s.HasCRC64 && crc != s.CRC64 {
			continue
		}
		known[s.PartNumber] = true
		adopted = append(adopted, checkpoint.Part{Number: s.PartNumber, Offset: off, Size: size, ETag: s.ETag, CRC64: crc, HasCRC: true})
	}
	slices.SortFunc(adopted, func(a, b checkpoint.Part) int { return a.Number - b.Number })
	if len(adopted) > 0 {
		nums := make([]string, len(adopted))
		for i, p := range adopted {
			nums[i] = fmt.Sprint(p.Number)
		}
		j.o.Notify(fmt.Sprintf("kept part(s) %s the server holds and the record lacked: their content matches the file", strings.Join(nums, ", ")))
	}
	return adopted, nil
}

// etagMD5 reads a part ETag that is a hex MD5 (quotes and case aside); a multipart-style
// "…-N" ETag or anything else is no MD5.
func etagMD5(etag string) ([md5.Size]byte, bool) {
	var sum [md5.Size]byte
	h := strings.Trim(strings.TrimSpace(etag), `"`)
	if len(h) != 2*md5.Size {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(h)); err != nil {
		return sum, false
	}
	return sum, true
}

// hashRange reads size bytes at off and returns their CRC-64 and MD5.
func hashRange(r io.ReaderAt, off, size int64, buf []byte) (uint64, [md5.Size]byte, error) {
	var crc uint64
	m := md5.New()
	sr := io.NewSectionReader(r, off, size)
	for done := int64(0); done < size; {
		n, err := sr.Read(buf)
		crc = crc64.Update(crc, buf[:n])
		m.Write(buf[:n])
		done += int64(n)
		if err == io.EOF && done < size {
			return 0, [md5.Size]byte{}, fmt.Errorf("upload: %d bytes at %d: the file is shorter than recorded", size, off)
		}
		if err != nil && err != io.EOF {
			return 0, [md5.Size]byte{}, err
		}
	}
	var sum [md5.Size]byte
	copy(sum[:], m.Sum(nil))
	return crc, sum, nil
}
