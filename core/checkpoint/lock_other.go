//go:build !unix

package checkpoint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// lockFile, where flock is missing, creates the lock file exclusively: a crashed holder leaves
// it behind, and the error says so.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s (remove it if no upload is running): %w", path, ErrInUse)
	}
	return f, err
}

func unlockFile(f *os.File) error {
	f.Close()
	return os.Remove(f.Name())
}
