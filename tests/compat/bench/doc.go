// Package bench measures upload clients side by side: this project's engine (with and without
// part SHA-256), the official OSS Go SDKs v1 and v2, a raw baseline that sends the same parts
// with no hashing, checkpoint or retry, ali-oss against our Node package, our Python package
// against the C CLI, and on many small files the Go API and the C SDK API against v1 — all
// against one ossemu in benchmark mode. Which client runs on which cell is Applies' decision.
//
// The driver (Run) starts the servers, generates the test files and runs every client as a
// child process (ClientMain in the child), so the client's CPU time comes from the child's
// rusage and never includes the server's or the driver's. The child times only the upload
// itself and reports it on stdout with its own peak RSS (VmHWM: ru_maxrss would include the
// driver's, inherited across exec). Kinds alternate within each cell and every cell is repeated;
// medians are reported, as Markdown and JSON, leading with the ratios between clients because
// absolute figures differ from machine to machine.
package bench
