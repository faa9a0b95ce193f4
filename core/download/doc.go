// Package download is the resumable download engine, the mirror of package upload: it fetches
// an object in ranges, Threads at a time, into a temporary file beside the target, computes each
// range's CRC-64 in the pass that writes it, records every finished range in a checkpoint
// (package checkpoint, the same store, lock and journal as uploads), resumes from that record
// after a failure, a cancel or a crash, checks the ranges' combined CRC-64 against the object's
// x-oss-hash-crc64ecma, and only then renames the temporary file over the target.
//
// Download is the one entry point. The engine talks to OSS through API (HEAD and ranged GET).
//
// # Choices worth knowing
//
//   - The object's identity (size, ETag, Last-Modified, CRC-64) is taken from HEAD and bound
//     into the record; every range is asked for with If-Match on that ETag, so an object
//     replaced under its name is answered 412 (or seen in the answer's ETag, size or CRC)
//     rather than mixed into the file. The download then starts afresh, at most MaxRestarts
//     times per call.
//   - The temporary file is preallocated (fallocate where the filesystem has it), so a disk
//     without room fails before the first byte is fetched, and never under the target's name.
//   - A range is recorded after its bytes are written to the temporary file (not fsynced:
//     a killed process loses nothing, the page cache holds them). When a run stops (error or
//     cancel) it fsyncs the temporary file and seals the record with the file's identity
//     (size, mtime, ctime, device, inode). A resume trusts recorded ranges unread only under
//     an intact seal; after a kill or a machine crash, or a file touched between runs, it reads
//     every recorded range back and keeps only those whose CRC-64 still matches.
//   - Memory is Threads × BufferSize: each worker streams its range through one buffer.
//   - Progress reaches total only once the file is in place under its name.
package download
