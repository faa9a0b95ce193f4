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
// The header and all parts are rewritten atomically (temporary file, rename) when an upload
// starts (Store.SaveDeferred) or resumes (Store.Save, which also compacts duplicate lines). An
// appended line is in the file when Append returns, so a killed process loses no part; its
// fsync follows within SyncDelay (one fsync covers every line appended meanwhile) or before
// Complete. See Durability for what a crash of the machine can cost.
// A crash mid-append leaves at most one torn last line, which Decode drops. Why JSON lines and not binary:
// a person can read the file with a pager when a resume surprises them, and the checksum chain
// already gives what a binary format's rigidity would.
//
// # Durability
//
// Every write is in the file (the page cache) when its call returns, and a record is replaced
// only by rename, so a process killed at any moment (kill -9, a crash of the process) leaves a
// whole record: the one before the call or the one after it, plus every line appended. The
// reliability campaigns check this by killing uploads at each moment.
//
// The fsyncs are what only a crash of the machine (power loss, kernel panic) needs, and they are
// the dearest thing on a small file's path: six per file (the pending record and the record
// naming the upload id, each file and directory; the lines before Complete; the directory
// after Remove) made a 256 KiB upload over loopback HTTPS 12 ms instead of 1.5 ms. So:
//
//   - Save, used where the file it replaces holds progress (a resume's compaction, a reconcile),
//     fsyncs the temporary file before the rename and the directory after it: a crash never
//     leaves an empty record where finished parts were.
//   - SaveDeferred, used for an upload's pending record and the record naming its upload id
//     (they replace no progress), and Append leave their fsyncs to a timer that fires within
//     SyncDelay (200 ms) of the write, the file first, then its directory. A pending record
//     with nothing at its path is written there directly (a kill mid-write tears only a record
//     whose Initiate was not sent yet); a record replacing another is swapped into place
//     (RENAME_EXCHANGE on Linux) rather than renamed over it. Both spare ext4 work that a
//     many-small-files loop paid for on every file: inode allocations, which scan past every
//     recently deleted inode, and the write-out of renamed-over data.
//   - Before Complete the engine calls SyncIfOlder(SyncDelay): every line on disk, unless the
//     record was begun less than SyncDelay ago with no Save since.
//   - Remove does not fsync the directory; Close cancels the timer (stopping never waits on a
//     disk whose fsync latency nothing bounds) and leaves what is unsynced to the kernel's
//     writeback.
//
// A small file's whole upload thus fits in SyncDelay and costs no fsync. What a crash of the
// machine can cost, and never more (no wrong object, no record of one object used for another):
//
//   - The lines of the last SyncDelay: their parts are sent again.
//   - An upload begun in the last SyncDelay, or stopped (Close) before its timer fired and then
//     left to the kernel's writeback (seconds): its record comes back absent, as the record it
//     replaced, or torn (read as corrupt). The next call starts afresh, with a notice for a torn
//     one; a pending record that survives has its upload swept as after a kill. The upload id the
//     crash lost stays open on the server with the parts sent in that window (a part-less one
//     from a surviving pending record is swept): a bucket lifecycle rule aborting incomplete
//     multipart uploads ends it; until then OSS bills those parts' storage.
//   - An upload completed in the last SyncDelay (or whose Remove was not yet written back): its
//     record may come back. It names a completed upload, as after a kill between Complete and
//     Remove: the next call confirms the object by HEAD when every part is recorded, or uploads
//     the file again (for an upload begun less than SyncDelay before, that is all it loses).
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
