// Package checkpoint keeps the record of a resumable upload: which object it builds, under which
// upload id, from which local file, and which parts are finished.
//
// # Format
//
// The native file is a small journal of text lines. Line 1 is the header (a JSON object: magic,
// version, endpoint, bucket, key, upload id, part size, part count, header digest and the local
// file's identity); every further line is one finished part (number, offset, size, ETag, CRC-64,
// and SHA-256 when the upload was asked for one: CRC-64 is what OSS verifies and what a resume
// re-checks; a part's SHA-256 is an optional cryptographic fingerprint). Each line ends with a TAB and the hex SHA-256 of the previous line's checksum followed
// by this line's JSON, so the checksums form a chain: a torn, reordered or hand-edited file fails
// verification at the first line touched.
//
// Why a journal and not one document rewritten per part: a 10,000-part record is about 2.5 MB
// and an atomic rewrite of it takes 20-40 ms (BenchmarkSave10000 on the development VM), so
// rewriting after every part would write ~12.8 GB and spend minutes over one upload; appending
// one ~250-byte line takes microseconds, and fsyncing it 0.15-0.6 ms (BenchmarkAppendPart*).
// The header and all parts are rewritten atomically (temporary file, fsync, rename, fsync of the
// directory) by Store.Save when an upload starts or resumes, which also compacts duplicate
// lines. An appended line is in the file when Append returns, so a killed process loses no
// part; its fsync follows within SyncDelay (one fsync covers every line appended meanwhile) or
// before Complete, so a crash of the machine loses at most the parts of the last SyncDelay
// (or, after an upload stopped, of its last SyncDelay, left to the kernel's writeback by Close
// so that stopping never waits on the disk), and those are sent again.
// A crash mid-append leaves at most one torn last line, which Decode drops. Why JSON lines and not binary:
// a person can read the file with a pager when a resume surprises them, and the checksum chain
// already gives what a binary format's rigidity would.
//
// A Store holds an advisory lock (flock on "<path>.lock") for as long as it is open, so two
// uploads never share one record; a second Open fails at once with ErrInUse.
//
// # One record per object
//
// Records are per object: one file uploaded to several keys resumes each independently. The
// C SDK documents "<file>.cp" as the default record, and the single-key case keeps exactly
// that name. OpenObject places the record of one object (endpoint in normal form, bucket, key):
// at "<file>.cp" when that is absent, this object's, or has no owner to tell; otherwise, when it
// holds (or is being written by) another object's upload, at "<file>.<16 hex>.cp", the hex
// being the start of the SHA-256 of the object's name. Why this scheme rather than one name
// per key always: a record written by an earlier version, by the C SDK's documented default, or
// by a user who looks for "<file>.cp" is still found there; the second key only ever adds a
// file beside it, and no call reads, aborts or overwrites another object's record. The lock of
// the keyed name is taken first and is the object's own lock (one object, one upload at a
// time, wherever its record lives); the default name's lock is held too while the record lives
// there, so that another key's upload running at the same time takes its own name.
//
// # Trust
//
// Load refuses (UntrustedError, inside an *fs.PathError, wrapping EACCES) a record the calling
// user does not own, or that others may write: a native record must be mode 0600, as Save
// writes it; a C SDK .ucp may be world-readable, as the SDK writes it under umask 022, but not
// writable by group or others. In a shared, world-writable directory anyone could otherwise
// plant a record whose upload id the caller would abort or continue with its own credentials.
//
// ReadUCP reads the XML checkpoint the official OSS C SDK writes ("<file>.ucp") into the same
// Record, so an upload started by the C SDK can be continued.
package checkpoint
