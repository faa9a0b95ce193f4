package upload

import (
	"net/http"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

func TestReconcile(t *testing.T) {
	lp := func(n int, etag string, crc uint64) checkpoint.Part {
		return checkpoint.Part{Number: n, Size: 100, ETag: etag, CRC64: crc, HasCRC: true}
	}
	sp := func(n int, etag string, size int64, crc uint64, has bool) oss.Part {
		return oss.Part{PartNumber: n, ETag: etag, Size: size, CRC64: crc, HasCRC64: has}
	}
	local := []checkpoint.Part{lp(1, `"AA"`, 1), lp(2, `"BB"`, 2), lp(3, `"CC"`, 3), lp(4, `"DD"`, 4), lp(5, `"EE"`, 5), lp(6, `"FF"`, 6)}
	server := []oss.Part{
		sp(1, `"AA"`, 100, 1, true),  // same: kept
		sp(2, `"bb"`, 100, 0, false), // ETag case and no CRC listed: kept
		sp(3, `"XX"`, 100, 3, true),  // other ETag (overwritten later): dropped
		sp(4, `"DD"`, 99, 4, true),   // other size: dropped
		sp(5, `"EE"`, 100, 9, true),  // other CRC: dropped
		// 6 missing on the server: dropped
		sp(7, `"GG"`, 100, 7, true), // only on the server: not adopted
	}
	kept, listed := reconcile(local, server)
	var nums []int
	for _, p := range kept {
		nums = append(nums, p.Number)
	}
	if len(nums) != 2 || nums[0] != 1 || nums[1] != 2 {
		t.Fatalf("kept parts %v, want [1 2]", nums)
	}
	if _, ok := listed[2]; !ok || len(listed) != 2 {
		t.Fatalf("listed = %v", listed)
	}
}

func TestSplitHeaderAndDigest(t *testing.T) {
	h := http.Header{}
	h.Set("x-oss-meta-a", "1")
	h.Set("Content-Type", "text/plain")
	h.Set("x-oss-callback", "e30=")
	h.Set("x-oss-callback-var", "e30=")
	h.Set("x-oss-forbid-overwrite", "true")
	ini, comp := splitHeader(h)
	if ini.Get("x-oss-callback") != "" || ini.Get("x-oss-meta-a") != "1" || ini.Get("x-oss-forbid-overwrite") != "true" {
		t.Errorf("initiate headers: %v", ini)
	}
	if comp.Get("x-oss-callback") != "e30=" || comp.Get("x-oss-callback-var") != "e30=" ||
		comp.Get("x-oss-forbid-overwrite") != "true" || comp.Get("x-oss-meta-a") != "" {
		t.Errorf("complete headers: %v", comp)
	}
	d1 := headerDigest(ini)
	h2 := h.Clone()
	h2.Set("x-oss-callback", "other") // Complete-only: does not change the object
	i2, _ := splitHeader(h2)
	if headerDigest(i2) != d1 {
		t.Error("a callback change altered the object's header digest")
	}
	h2.Set("x-oss-meta-a", "2")
	i2, _ = splitHeader(h2)
	if headerDigest(i2) == d1 {
		t.Error("a metadata change left the header digest unchanged")
	}
}
