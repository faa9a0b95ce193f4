package download

import "fmt"

// OptionError is an Options field refused before any network traffic.
type OptionError struct {
	Field  string // e.g. "Threads"
	Reason string
}

func (e *OptionError) Error() string { return "download: invalid " + e.Field + ": " + e.Reason }

// TargetError is a problem with where the file is to go: a target that is a directory, a
// directory that is missing or not writable, a disk without room. Err is the system's error
// (syscall.EISDIR, ENOENT, EACCES, ENOSPC, ...) for errors.Is. Nothing is left under the
// target's name when Download returns one.
type TargetError struct {
	Path   string // the file or directory in question
	Reason string
	Err    error
}

func (e *TargetError) Error() string {
	s := "download: " + e.Path + ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *TargetError) Unwrap() error { return e.Err }

// InconsistentError reports bytes that do not match the object: the ranges' combined CRC-64
// differs from the object's x-oss-hash-crc64ecma.
type InconsistentError struct {
	Local, Server uint64
	RequestID     string // of the HEAD that carried Server
}

func (e *InconsistentError) Error() string {
	return fmt.Sprintf("download: object CRC-64 mismatch: the ranges combine to %d, the server has %d (request id %s)",
		e.Local, e.Server, e.RequestID)
}

// ObjectChangedError reports an object replaced on the server while it was being downloaded
// (another ETag, size or CRC-64 than the download began with, or If-Match refused with 412).
// Download restarts by itself up to MaxRestarts times and returns this error only after that.
type ObjectChangedError struct {
	Was, Now  string // what changed, e.g. ETags
	RequestID string
}

func (e *ObjectChangedError) Error() string {
	return fmt.Sprintf("download: the object changed on the server during the download (%s, now %s; request id %s)",
		e.Was, e.Now, e.RequestID)
}
