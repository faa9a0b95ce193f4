package checkpoint

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// replaceDeferred puts the file at tmp in place of path for SaveDeferred. When path exists, the
// two are swapped (renameat2 RENAME_EXCHANGE, atomic as a rename) and tmp, which then holds the
// old record, is removed. Why not a plain rename: ext4 (auto_da_alloc) writes a file's data out
// when it is renamed over another, and on a discard mount the removal after Complete then
// waits for the discard of those blocks, which cost a small file's upload more than the rest
// of its record-keeping; swapped, its records never leave the page cache. A kill between swap
// and removal leaves the old record under the temporary name, as a kill between writing the
// temporary file and renaming it leaves the new one. A filesystem without the flag gets the
// rename.
func replaceDeferred(tmp, path string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_EXCHANGE)
	if err == nil {
		os.Remove(tmp) // the old record: a failure leaves a stray file, not a wrong record
		return nil
	}
	if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return os.Rename(tmp, path) // no record there yet, or no exchange on this filesystem
	}
	return &os.LinkError{Op: "renameat2", Old: tmp, New: path, Err: err}
}
