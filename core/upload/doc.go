// Package upload is the resumable multipart upload engine: it cuts a local file into parts,
// sends Threads of them at a time while hashing each byte once (CRC-64 in the pass that streams
// it; SHA-256 too with Options.PartSHA256), retries failed parts with backoff, records every finished part in a
// checkpoint (package checkpoint), resumes from that record after a failure, a cancel or a
// crash, and verifies the object's combined CRC-64 against the server's.
//
// Upload is the one entry point; everything else here configures or observes it. The engine
// talks to OSS through API, the subset of *oss.Client it needs.
//
// # Choices worth knowing
//
//   - An empty file is sent with PutObject: what OSS answers to a Complete listing no parts is
//     undocumented (the C SDK's mock answered MalformedXML), and one request suffices. Every
//     other file is a multipart upload, even a one-part file, so that it is resumable and its
//     Result (Complete's headers and body) has one shape, unless Options.PutThreshold says
//     otherwise: the v1 drop-in and the C SDK API set OnePartThreshold, so that a loop over
//     many small files makes one request per file (such an upload, with no record on disk,
//     opens no checkpoint store).
//   - A resume keeps the checkpoint's part size; its parts are already on the server.
//   - The checkpoint is written right after Initiate and after every part; it is removed after
//     a verified Complete, and also after a Complete answered 203 CallbackFailed (the object
//     exists; the upload id is spent, so the record could only mislead a later call).
//   - Parts the server holds but the record lacks are sent again rather than adopted: each
//     part's line is written to the record before the next part starts and fsynced within
//     checkpoint.SyncDelay (and before Complete), so this only follows a crash of the machine
//     in the last fraction of a second; a killed process loses no recorded part.
//   - Progress reaches total only once Complete is verified, so 100% means the object exists.
package upload
