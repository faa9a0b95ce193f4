// Package ossemu is a local OSS-compatible server: the endpoint every test, the demo and the
// benchmarks of ossresume talk to, and one users can run in their own CI. It speaks the OSS
// object and multipart API over HTTP or HTTPS, verifies V1 and V4 signatures (header and
// presigned) exactly, keeps its data in memory or crash-safely on disk, and injects faults.
//
// Start it in-process with Start (as with net/http/httptest), or run the ossemu command.
//
// # Operations
//
// PutBucket, DeleteBucket, ListBuckets, ListObjects (v1 and list-type=2), PutObject, GetObject
// (with Range), HeadObject, DeleteObject, InitiateMultipartUpload, UploadPart,
// ListParts, CompleteMultipartUpload, AbortMultipartUpload, ListMultipartUploads. Buckets are
// addressed path-style (/bucket/key) or virtual-hosted (Host: bucket.127.0.0.1:PORT or
// bucket.localhost:PORT). PutObject and Complete honour x-oss-callback (loopback URLs only).
//
// # Faults
//
// A fault spec is a comma-separated list of settings, given with --fault, Options.Faults,
// Server.AddFault or POST /_ossemu/faults (one spec per line). Settings that choose requests:
//
//	op=NAME[|NAME...]  operation(s): PutObject, UploadPart, InitiateMultipartUpload (or
//	                   Initiate), CompleteMultipartUpload (Complete), AbortMultipartUpload
//	                   (Abort), ListParts, GetObject, ... (default: every operation)
//	bucket=B, key=K    only this bucket or key
//	part=N             only UploadPart requests for part N
//
// Settings that choose which of those requests the fault fires on (all given must hold;
// none: every one):
//
//	nth=N              the Nth matching request only
//	every=K            every Kth matching request
//	p=0.1[,seed=7]     with probability p, from a generator seeded with seed (default 1)
//	times=N            at most N times in all
//
// What it does (several may be combined; none given means status=500):
//
//	status=503[,code=SlowDown][,message=...]  answer this error instead of serving the request
//	                   (code defaults from the status and vice versa)
//	when=after         perform the operation first, then answer the error (or, with
//	                   reset-after, reset the connection instead of answering): the server
//	                   acted but the client never learns it
//	reset-after=65536  reset the TCP connection after this many request body bytes (for GET:
//	                   response body bytes); 0 resets before any
//	delay=2s           wait this long before handling the request
//	bandwidth=1MiB     pace request and response bodies to this many bytes per second
//	wrong-crc          send a wrong x-oss-hash-crc64ecma
//	no-crc             send no x-oss-hash-crc64ecma (a proxy stripped it)
//	garbage-crc        send an x-oss-hash-crc64ecma that is not a number
//	expire-upload      make the request's upload id disappear first, so it fails NoSuchUpload
//	creep-marker       ListParts / ListMultipartUploads: answer a truncated page whose next
//	                   marker is one past the one asked for, forever (one made-up entry each)
//	drip=1s            perform the operation, then send the whole answer, status line and
//	                   headers included, one byte per interval
//	drip-body=1s       likewise, but the status line and headers at once, then the body one
//	                   byte per interval
//
// status=200 with a code answers 200 OK with that <Error> body without performing the
// operation: what OSS documents for a Complete whose assembly failed after the status was sent.
//
// Sizes accept KiB, MiB, GiB (and KB, MB, GB). Examples:
//
//	op=UploadPart,nth=3,status=503,code=SlowDown
//	op=UploadPart,part=5,reset-after=65536,times=1
//	op=Complete,status=500,when=after
//	op=Complete,when=after,reset-after=0
//	op=UploadPart,p=0.1,seed=7
//	op=UploadPart,part=3,expire-upload
//	op=Complete,status=200,code=InternalError
//	op=UploadPart,no-crc
//	op=ListParts,creep-marker
//	op=UploadPart,drip=1s
//
// # Admin endpoint
//
// Path-style requests under /_ossemu/ need no signature and are answered to loopback clients
// only ("_" cannot occur in a bucket name, so nothing else can be addressed there):
// GET/POST/DELETE /_ossemu/faults, GET/DELETE /_ossemu/log (?format=jsonl for JSON lines),
// GET /_ossemu/uploads?bucket=B and GET /_ossemu/health.
//
// # Request log
//
// Every request, refused ones included, is logged once after its response is complete (Op,
// bucket, key, upload id, part number, body bytes, status, error code and the fault that fired;
// status 0 when a fault reset the connection). A reset request is logged just before its
// connection is cut, so a client that has seen the reset finds the entry already there. Read it
// with Server.Requests, GET /_ossemu/log, or the --log file (JSON lines).
package ossemu
