package upload

import (
	"fmt"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// Part-size limits of OSS multipart uploads.
const (
	DefaultPartSize = 8 << 20
	MinPartSize     = 100 << 10 // OSS refuses smaller non-last parts at Complete
	MaxPartSize     = checkpoint.MaxPartSize
	MaxParts        = checkpoint.MaxParts
)

// growAlign rounds a grown part size up to whole pages, so parts start on page boundaries.
const growAlign = 4096

// Plan returns the part size and count for a file of size bytes given the requested part size
// (0: DefaultPartSize). A requested size outside MinPartSize..MaxPartSize is an *OptionError.
// When the file would need more than MaxParts parts the size grows, to the smallest multiple of
// 4 KiB that fits, and grown is true. A file smaller than one part is one part; an empty file
// has zero.
func Plan(size, partSize int64) (ps int64, count int, grown bool, err error) {
	return plan(size, partSize, MinPartSize)
}

func plan(size, partSize, minPart int64) (ps int64, count int, grown bool, err error) {
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if partSize < minPart || partSize > MaxPartSize {
		return 0, 0, false, &OptionError{Field: "PartSize",
			Reason: fmt.Sprintf("%d is outside %d (100 KiB) .. %d (5 GiB)", partSize, minPart, int64(MaxPartSize))}
	}
	if size < 0 {
		return 0, 0, false, fmt.Errorf("upload: negative file size %d", size)
	}
	ps = partSize
	if size > ps*MaxParts {
		ps = (size + MaxParts - 1) / MaxParts
		ps = (ps + growAlign - 1) / growAlign * growAlign
		grown = true
		if ps > MaxPartSize {
			return 0, 0, false, &OptionError{Field: "FilePath",
				Reason: fmt.Sprintf("%d bytes need parts over 5 GiB: larger than an OSS object can be", size)}
		}
	}
	return ps, checkpoint.PlanCount(size, ps), grown, nil
}
