// Command capi is libossresume.so: built with -buildmode=c-shared, it implements the C SDK-
// compatible API declared in include/ (oss_api.h and the headers it pulls in).
//
// The C half (the *.c files here) owns pools, tables, lists, buffers, statuses, constants and
// logging: plain data that C programs poke at directly. The Go half only translates one
// oss_resumable_upload_file call into a core/upload run and its outcome back into a status.
// bridge.h declares the calls between the halves; exports_check.c makes the build fail when a
// Go export and its C declaration disagree. No Go panic crosses into C: every export recovers
// and reports a status instead.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../include -Wall -Wextra -Wno-unused-parameter -gdwarf-4
*/
import "C"

// main is required by -buildmode=c-shared and never runs.
func main() {}
