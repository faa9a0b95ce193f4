// Command capi is libossresume.so: built with -buildmode=c-shared (scripts/build-lib.sh, called
// by `make lib`), it serves two C surfaces over one pipeline.
//
// The C SDK-compatible surface (include/oss_api.h and the headers it pulls in) is mostly C:
// pools, tables, lists, buffers, statuses, constants and logging are plain data C programs
// poke at directly (*.c other than native*.c, bridge.h, internal.h). Its one upload call,
// oss_resumable_upload_file (upload.c), crosses into Go as ossr_go_upload:
//
//	sdk_upload.go   the export: translate, run, fill aos_status_t and the response
//	sdk_options.go  the translator: oss_request_options_t and oss_resumable_clt_params_t read
//	                into (oss.Config, upload.Options); the C SDK's own mappings (thread_num,
//	                part_size, enable_crc, proxy) and nothing else
//	sdk_status.go   the one table from a classified failure to aos_status_t
//	sdk_crc.go      the CRC-64 exports of aos_crc64.h
//
// The C SDK's other calls (issue 20) each cross as one struct per family (sdk_<family>.c and
// sdk_<family>_bridge.h, checked by sdk_<family>_check.c) into one export that runs the call:
//
//	sdk_call.go          what they share: a client for the caller's options (on the same shared
//	                     transport), header tables read and handed back, outputs in the pool
//	sdk_multipart.go     the manual multipart calls (oss_init_multipart_upload ... oss_upload_file)
//	sdk_upload_file.go   oss_upload_file's part loop, in plain Go
//	sdk_object.go        the object and bucket calls' export (sdk_object.c, its bridge):
//	                     names checked, a client opened, the call run, the status filled
//	sdk_object_put.go    oss_put_object_from_buffer/_from_file: one PutObject, CRC-64 compared
//	sdk_object_get.go    oss_get_object_to_buffer/_to_file: one GetObject, CRC-64 compared for a
//	                     whole object before the caller's list or file changes
//	sdk_object_meta.go   oss_head_object, oss_does_object_exist, oss_delete_object, oss_copy_object
//	sdk_object_list.go   oss_list_object: one page into the caller's lists
//	sdk_bucket.go        oss_create_bucket, oss_delete_bucket, oss_list_bucket
//	sdk_signed_url.go    oss_gen_signed_url (core/oss signs; nothing is sent)
//	sdk_download.go      oss_resumable_download_file(_ex) (issue 21; sdk_download.c, its bridge):
//	                     read into download.Options with the C SDK's mappings, run on run.go
//
// The native surface (include/ossresume.h, ossr_*) has its C half in native*.c (ABI checks,
// NULL guards, struct sizes) and its Go half in native_*.go:
//
//	native_exports.go        the exports behind ossr_upload_*, ossr_client_*
//	native_client.go         ossr_client_options read into oss.Config
//	native_options.go        ossr_upload_options read into upload.Options
//	native_errors.go         a classified failure copied into an ossr_error
//	native_result.go         an upload.Result copied into an ossr_result
//	native_progress_wait.go  ossr_upload_progress_wait
//	native_multipart.go      ossr_list_parts, ossr_list_uploads, ossr_abort_upload
//	native_download.go       ossr_download_file, ossr_download_start (issue 21): options read
//	                         into download.Options; the other ossr_download_* calls use the
//	                         upload's exports, since a download handle is the same kind of run
//	native_env.go            credentials read with C's getenv
//
// Shared by both surfaces:
//
//	run.go       the one run loop: start the engine (upload.Upload or download.Download),
//	             relay progress on the caller's thread, cancel, end with a result or a
//	             classified failure
//	classify.go  the one error classification (failure, ossr_code), argError for what a
//	             translator refuses because its C structs cannot express it
//
// What is valid (bucket names, keys, headers, endpoints, options, the file) is decided once,
// in core/oss and core/upload (upload.Validate, upload.CheckFile); a translator only reads C
// structs and words the verdict for its surface. bridge.h and native_bridge.h declare the
// calls between the halves; exports_check.c and native_check.c make the build fail when a Go
// export and its C declaration disagree. No Go panic crosses into C: every export recovers
// and reports an error instead.
//
// A new export of the C SDK goes in sdk_<call>.go beside a C half; a new ossr_* call in
// native_<call>.go; both reuse run.go and classify.go rather than growing a second path.
package main
