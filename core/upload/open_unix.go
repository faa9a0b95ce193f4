//go:build unix

package upload

import (
	"os"
	"syscall"
)

// openSource opens the file to upload without blocking: opening a FIFO for reading blocks until
// a writer appears, which the reliability campaign found hung an upload given a FIFO; with
// O_NONBLOCK the open returns and the regular-file check refuses it. On a regular file the flag
// changes nothing.
func openSource(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
