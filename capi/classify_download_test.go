package main

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/ossresume/ossresume/core/download"
)

// The download's errors through the one classification (issue 21), and the C SDK's wording of
// them: what the C tests cannot make a server or a disk produce (ENOSPC, an object that keeps
// changing) is pinned here.
func TestClassifyDownload(t *testing.T) {
	const file = "/data/out.bin"
	cases := []struct {
		name      string
		err       error
		code      int
		errorCode string
		field     string
		path      string
		errno     int
		sdk       int // the status code oss_resumable_download_file reports
	}{
		{"option", &download.OptionError{Field: "Threads", Reason: "2000 is outside 1..1024"}, codeArg, "InvalidArgument", "threads", "", 0, -994},
		{"target a directory", &download.TargetError{Path: file, Reason: "the target is a directory", Err: syscall.EISDIR}, codeFile, "FileError", "", file, int(syscall.EISDIR), -985},
		{"directory missing", &download.TargetError{Path: "/data", Reason: "missing", Err: syscall.ENOENT}, codeFile, "FileError", "", "/data", int(syscall.ENOENT), -985},
		{"directory read-only", &download.TargetError{Path: "/data", Reason: "not writable", Err: syscall.EACCES}, codeFile, "FileError", "", "/data", int(syscall.EACCES), -985},
		{"disk full", fmt.Errorf("attempt: %w", &download.TargetError{Path: file + ".tmp", Reason: "cannot reserve", Err: syscall.ENOSPC}), codeFile, "FileError", "", file + ".tmp", int(syscall.ENOSPC), -985},
		{"checkpoint elsewhere", &download.TargetError{Path: "/var/cp", Reason: "the checkpoint's directory is not writable", Err: syscall.EROFS}, codeCheckpoint, "CheckpointError", "", "/var/cp", int(syscall.EROFS), -985},
		{"crc", &download.InconsistentError{Local: 1, Server: 2, RequestID: "r1"}, codeInconsistent, "InconsistentError", "", "", 0, -978},
		{"object changed", &download.ObjectChangedError{Was: "a", Now: "b", RequestID: "r2"}, codeInconsistent, "ObjectChanged", "", "", 0, -978},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := classify(c.err, nil, file)
			if f.code != c.code || f.errorCode != c.errorCode || f.field != c.field || f.path != c.path || f.sysErrno != c.errno {
				t.Errorf("classify = code %d %q field %q path %q errno %d; want %d %q %q %q %d",
					f.code, f.errorCode, f.field, f.path, f.sysErrno, c.code, c.errorCode, c.field, c.path, c.errno)
			}
			if f.message == "" || (f.path != "" && !strings.Contains(f.message, f.path)) {
				t.Errorf("message %q does not name the path %q", f.message, f.path)
			}
			if st := sdkDownloadStatus(f); st.code != c.sdk {
				t.Errorf("sdkDownloadStatus = %+v, want code %d", st, c.sdk)
			}
		})
	}
	f := classify(&download.InconsistentError{Local: 1, Server: 2, RequestID: "r1"}, nil, file)
	if f.localCRC != 1 || f.serverCRC != 2 || f.requestID != "r1" {
		t.Errorf("CRC details lost: %+v", f)
	}
	if f := classify(fmt.Errorf("download: %w", context.Canceled), downloadCauses.handle, file); !strings.Contains(f.message, "ossr_download_cancel") {
		t.Errorf("a cancelled download's message %q does not say what cancelled it", f.message)
	}
}
