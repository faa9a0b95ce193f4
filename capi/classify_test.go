package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The C tests reach most kinds end to end; this table pins every branch of classify, including
// the ones a server cannot be made to produce (a contained panic, an unknown error).
func TestClassify(t *testing.T) {
	const file = "/data/big.bin"
	cases := []struct {
		name      string
		err       error
		cause     error
		code      int
		errorCode string
		field     string
		path      string
		errno     int
	}{
		{"native argument", badArg("threads", "-1 is outside"), nil, codeArg, "InvalidArgument", "threads", "", 0},
		{"option error", &upload.OptionError{Field: "PartSize", Reason: "too small"}, nil, codeArg, "InvalidArgument", "part_size", "", 0},
		{"oss argument", &oss.ArgumentError{Field: "Region", Reason: "required"}, nil, codeArg, "InvalidArgument", "region", "", 0},
		{"credentials", &oss.ArgumentError{Field: "credentials", Reason: "unset"}, nil, codeCredentials, "CredentialsError", "access_key_id", "", 0},
		{"file refused", &fs.PathError{Op: "open", Path: file, Err: syscall.EISDIR}, nil, codeFile, "FileError", "", file, int(syscall.EISDIR)},
		{"not a regular file", &fs.PathError{Op: "open", Path: file, Err: fmt.Errorf("%w (p)", upload.ErrNotRegular)}, nil, codeFile, "FileError", "", file, int(syscall.EINVAL)},
		{"empty file path", &upload.OptionError{Field: "FilePath", Reason: "empty"}, nil, codeArg, "InvalidArgument", "file_path", "", 0},
		{"deadline", fmt.Errorf("upload: %w", context.DeadlineExceeded), nil, codeNetwork, "NetworkError", "", "", 0},
		{"file path error", &fs.PathError{Op: "read", Path: file, Err: syscall.EIO}, nil, codeFile, "FileError", "", file, int(syscall.EIO)},
		{"checkpoint path error", &fs.PathError{Op: "open", Path: file + ".cp", Err: syscall.EACCES}, nil, codeCheckpoint, "CheckpointError", "", file + ".cp", int(syscall.EACCES)},
		{"checkpoint in use", fmt.Errorf("x.cp: %w", checkpoint.ErrInUse), nil, codeCheckpointInUse, "CheckpointInUse", "", "", 0},
		{"server", &oss.Error{Op: "UploadPart", StatusCode: 503, Code: "SlowDown", RequestID: "r1", EC: "0001"}, nil, codeServer, "SlowDown", "", "", 0},
		{"server without code", &oss.Error{Op: "Complete", StatusCode: 502}, nil, codeServer, "UnknownError", "", "", 0},
		{"crc", &upload.InconsistentError{What: "part", PartNumber: 3, Local: 1, Server: 2}, nil, codeInconsistent, "InconsistentError", "", "", 0},
		{"network", &oss.TransportError{Op: "UploadPart", Kind: oss.TransportReset, Err: syscall.ECONNRESET}, nil, codeNetwork, "NetworkError", "", "", 0},
		{"cancelled by handle", fmt.Errorf("upload: %w", context.Canceled), errCancelledByHandle, codeCancelled, "Cancelled", "", "", 0},
		{"cancelled in transport", &oss.TransportError{Op: "UploadPart", Kind: oss.TransportCanceled, Err: context.Canceled}, errCancelledByCallback, codeCancelled, "Cancelled", "", "", 0},
		// A server error that raced with a cancel is still the server's.
		{"server error after cancel", &oss.Error{Op: "Complete", StatusCode: 404, Code: "NoSuchUpload"}, errCancelledByHandle, codeServer, "NoSuchUpload", "", "", 0},
		{"panic", panicError("boom"), nil, codeInternal, "InternalError", "", "", 0},
		{"unknown", errors.New("something else"), nil, codeInternal, "InternalError", "", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := classify(c.err, c.cause, file)
			if f.code != c.code || f.errorCode != c.errorCode || f.field != c.field || f.path != c.path || f.sysErrno != c.errno {
				t.Errorf("classify = code %d %q field %q path %q errno %d; want %d %q %q %q %d",
					f.code, f.errorCode, f.field, f.path, f.sysErrno, c.code, c.errorCode, c.field, c.path, c.errno)
			}
			if f.message == "" {
				t.Error("empty message")
			}
		})
	}
	f := classify(&oss.Error{Op: "UploadPart", StatusCode: 503, Code: "SlowDown", Message: "slow", RequestID: "r1", EC: "0001", UploadID: "u1", HostID: "b.h"}, nil, file)
	if f.httpStatus != 503 || f.requestID != "r1" || f.ec != "0001" || f.uploadID != "u1" || f.operation != "UploadPart" || f.message != "slow" || f.hostID != "b.h" {
		t.Errorf("server details lost: %+v", f)
	}
	f = classify(&upload.InconsistentError{What: "part", PartNumber: 3, Local: 1, Server: 2, RequestID: "r2"}, nil, file)
	if f.partNumber != 3 || f.localCRC != 1 || f.serverCRC != 2 || f.requestID != "r2" {
		t.Errorf("CRC details lost: %+v", f)
	}
	for kind, want := range map[oss.TransportKind]string{oss.TransportTimeout: "timeout", oss.TransportRefused: "refused",
		oss.TransportReset: "reset", oss.TransportDNS: "dns", oss.TransportTLS: "tls", oss.TransportOther: "other"} {
		if f := classify(&oss.TransportError{Op: "UploadPart", Kind: kind, Err: errors.New("x")}, nil, file); f.transport != want {
			t.Errorf("transport of %v = %q, want %q", kind, f.transport, want)
		}
	}
}
