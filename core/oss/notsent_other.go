//go:build !linux && !darwin

package oss

import "syscall"

// notSentLowat: see notsent_unix.go; this platform has no TCP_NOTSENT_LOWAT.
var notSentLowat = 0

func controlSocket(network, address string, c syscall.RawConn) error { return nil }
