//go:build !unix

package checkpoint

import (
	"os"
	"path/filepath"
)

// Identify returns the identity of the open file f, which was opened from path; device and
// inode are 0 where the platform does not expose them. CtimeNs stays 0 (unknown, never
// compared): os.FileInfo carries no change time here, and Windows' ChangeTime can be set
// through SetFileInformationByHandle, so it would not prove what the unix ctime proves.
func Identify(f *os.File, path string) (FileID, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return FileID{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		return FileID{}, err
	}
	return FileID{Path: abs, Size: fi.Size(), MtimeNs: fi.ModTime().UnixNano()}, nil
}
