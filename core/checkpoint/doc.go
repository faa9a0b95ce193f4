// Package checkpoint keeps the record of a resumable upload: which object it builds, under which
// upload id, from which local file, and which parts are finished.
//
// # Format
//
// The native file is a small journal of text lines. Line 1 is the header (a JSON object: magic,
// version, endpoint, bucket, key, upload id, part size, part count, header digest and the local
// file's identity); every further line is one finished part (number, offset, size, ETag, CRC-64,
// SHA-256). Each line ends with a TAB and the hex SHA-256 of the previous line's checksum followed
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
// ReadUCP reads the XML checkpoint the official OSS C SDK writes ("<file>.ucp") into the same
// Record, so an upload started by the C SDK can be continued.
package checkpoint
