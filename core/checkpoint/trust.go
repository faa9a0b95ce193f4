package checkpoint

import (
	"io/fs"
	"os"
	"syscall"
)

// UntrustedError is a record the calling user must not act on: a file another user owns, or one
// that others may write. In a shared, world-writable directory anyone can plant a record naming
// an upload id; trusting it would abort or continue that upload with the caller's credentials.
// It wraps EACCES, and Load returns it inside an *fs.PathError naming the file.
type UntrustedError struct {
	Reason string
}

func (e *UntrustedError) Error() string {
	return e.Reason + "; refused and never acted on (remove it, or choose another checkpoint path)"
}

func (e *UntrustedError) Unwrap() error { return syscall.EACCES }

// checkTrusted refuses a record file not owned by the calling user, or open to others: a native
// record must be mode 0600 (Save writes it so); a C SDK .ucp may be readable by others, as the
// SDK writes it (umask 022 makes that 0644), but not writable by them.
func checkTrusted(f *os.File, path string, ucp bool) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if reason := untrusted(fi, ucp); reason != "" {
		return &fs.PathError{Op: "open checkpoint", Path: path, Err: &UntrustedError{Reason: reason}}
	}
	return nil
}
