//go:build unix

package checkpoint

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// testHookOpened, when set (by tests only), runs in lockFile between opening the lock file and
// locking it: the window in which a holder may unlink it.
var testHookOpened func()

// lockFile takes an exclusive, non-blocking flock on path, creating it. Why the loop: a holder
// unlinks the lock file before unlocking it on Close, so a locker may have opened an inode that
// is no longer at path; it must find out after locking (the inode at path differs) and try again.
func lockFile(path string) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if testHookOpened != nil {
			testHookOpened()
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, fmt.Errorf("%s: %w", path, ErrInUse)
			}
			return nil, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		var held, now unix.Stat_t
		if err := unix.Fstat(int(f.Fd()), &held); err != nil {
			f.Close()
			return nil, &os.PathError{Op: "fstat", Path: path, Err: err}
		}
		if err := unix.Stat(path, &now); err == nil && held.Dev == now.Dev && held.Ino == now.Ino {
			return f, nil
		}
		f.Close() // lost the race with an unlinking holder
	}
	return nil, fmt.Errorf("%s: could not lock: the lock file keeps being replaced", path)
}

// unlockFile removes the lock file and then releases the lock, in that order (see lockFile).
func unlockFile(f *os.File) error {
	err := os.Remove(f.Name())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
