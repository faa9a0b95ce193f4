package main

import "testing"

// The official part-size rule of oss_upload_file and the plan it gives.
func TestSDKUploadFilePartSize(t *testing.T) {
	cases := []struct{ size, ps, want int64 }{
		{1000000, 100, 100},         // exactly 10,000 parts: kept
		{1000001, 100, 101},         // one byte more: size/10000+1
		{2000000, 100, 201},         // the official rule gives one more than needed
		{5, 0, 1},                   // 0 or less: size/10000+1
		{5, -5, 1},                  //
		{0, 0, 0},                   // an empty file keeps it (one empty part)
		{0, 100, 100},               //
		{1 << 40, 1 << 30, 1 << 30}, // no overflow for large sizes
		{1<<62 + 12345, 1 << 40, (1<<62+12345)/10000 + 1},
	}
	for _, c := range cases {
		if got := sdkUploadFilePartSize(c.size, c.ps); got != c.want {
			t.Errorf("sdkUploadFilePartSize(%d, %d) = %d, want %d", c.size, c.ps, got, c.want)
		}
	}
}

func TestPlanFileParts(t *testing.T) {
	cases := []struct {
		size, ps int64
		want     []filePart
	}{
		{0, 0, []filePart{{number: 1}}},
		{0, 100, []filePart{{number: 1}}},
		{250, 100, []filePart{{number: 1, size: 100}, {number: 2, off: 100, size: 100}, {number: 3, off: 200, size: 50}}},
		{200, 100, []filePart{{number: 1, size: 100}, {number: 2, off: 100, size: 100}}},
		{50, 100, []filePart{{number: 1, size: 50}}},
	}
	for _, c := range cases {
		got := planFileParts(c.size, c.ps)
		if len(got) != len(c.want) {
			t.Errorf("planFileParts(%d, %d) = %v, want %v", c.size, c.ps, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("planFileParts(%d, %d)[%d] = %+v, want %+v", c.size, c.ps, i, got[i], c.want[i])
			}
		}
	}
}
