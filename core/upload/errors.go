package upload

import "fmt"

// OptionError is an Options field refused before any network traffic.
type OptionError struct {
	Field  string // e.g. "PartSize"
	Reason string
}

func (e *OptionError) Error() string { return "upload: invalid " + e.Field + ": " + e.Reason }

// InconsistentError reports data that does not match what was sent: a part or the whole object
// whose CRC-64 differs from the server's, or a local file that changed during the upload.
type InconsistentError struct {
	What       string // "part", "object", "file", or "transfer" (one whole PutObject or GetObject)
	PartNumber int    // for What == "part"
	Local      uint64 // our CRC-64
	Server     uint64 // the server's CRC-64
	RequestID  string // of the response that carried Server
	Detail     string // for What == "file": what changed; for "transfer": which request
}

func (e *InconsistentError) Error() string {
	switch e.What {
	case "part":
		return fmt.Sprintf("upload: part %d: CRC-64 mismatch: sent %d, server has %d (request id %s)",
			e.PartNumber, e.Local, e.Server, e.RequestID)
	case "object":
		return fmt.Sprintf("upload: object CRC-64 mismatch: parts combine to %d, server has %d (request id %s)",
			e.Local, e.Server, e.RequestID)
	case "transfer":
		return fmt.Sprintf("%s: CRC-64 mismatch: the bytes here have %d, the server's %d (request id %s)",
			e.Detail, e.Local, e.Server, e.RequestID)
	}
	return "upload: local file changed during the upload: " + e.Detail
}

// crcMismatch returns e, or nil when Options.SkipCRCCheck accepts it. Only the object's
// mismatch gives a notice: a part's is met on a worker, and Notify runs on Upload's goroutine.
func (j *job) crcMismatch(e *InconsistentError) error {
	if !j.o.SkipCRCCheck {
		return e
	}
	if e.What == "object" {
		j.o.Notify(e.Error() + "; accepted (CRC check skipped)")
	}
	return nil
}
