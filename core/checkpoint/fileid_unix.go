//go:build unix

package checkpoint

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Identify returns the identity of the open file f, which was opened from path.
func Identify(f *os.File, path string) (FileID, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return FileID{}, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return FileID{}, &os.PathError{Op: "fstat", Path: path, Err: err}
	}
	return FileID{
		Path:    abs,
		Size:    st.Size,
		MtimeNs: st.Mtim.Nano(),
		Dev:     uint64(st.Dev),
		Ino:     uint64(st.Ino),
		CtimeNs: st.Ctim.Nano(),
	}, nil
}
