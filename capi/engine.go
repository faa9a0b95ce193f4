package main

/*
#include <stdlib.h>
#include "bridge.h"
*/
import "C"

import (
	"context"
	"errors"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// runUpload runs the engine for j, relaying its progress to report on the calling goroutine
// (which, in ossr_go_upload, is the C caller's thread). report returns true to cancel.
func runUpload(j *job, report func(done, total int64) bool) (*result, error) {
	client, err := oss.New(j.cfg)
	if err != nil {
		var ae *oss.ArgumentError
		if errors.As(err, &ae) { // named as the C structs spell it
			return nil, clientError("invalid %s: %s", fieldName(ae.Field), ae.Reason)
		}
		return nil, clientError("%v", err)
	}
	// One client per call (the C SDK has no client object): close its keep-alive connections
	// when the call ends, or each call would leave them open until their idle timeout.
	defer client.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	box := upload.NewProgressBox()
	opts := upload.Options{
		Bucket:         j.bucket,
		Key:            j.key,
		FilePath:       j.path,
		Endpoint:       j.cfg.Endpoint,
		PartSize:       j.partSize,
		Threads:        j.threads,
		Checkpoint:     j.checkpoint,
		CheckpointPath: j.checkpointPath,
		Header:         j.header,
		SkipCRCCheck:   j.skipCRC,
		ProgressBox:    box,
		Notify:         logWarn,
	}
	var res *upload.Result
	var runErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				runErr = panicError(r)
			}
		}()
		res, runErr = upload.Upload(ctx, client, opts)
	}()

	cancelled := false
	for {
		d, t, ok := box.Wait()
		if !ok {
			break
		}
		if !cancelled && report(d, t) {
			cancelled = true
			cancel()
		}
	}
	<-done
	if cancelled && runErr != nil && errors.Is(runErr, context.Canceled) {
		runErr = errCancelled
	}
	if res == nil {
		return nil, runErr
	}
	return &result{
		statusCode: res.StatusCode,
		requestID:  res.RequestID,
		header:     res.Header,
		body:       res.Body,
		bodySet:    true,
	}, runErr
}

// logWarn sends the engine's notices to the SDK's log at WARN, as the official SDK logs its
// "part size changed" notice.
func logWarn(msg string) {
	cs := C.CString(msg)
	defer C.free(unsafe.Pointer(cs))
	C.ossr_log_warn(cs)
}
