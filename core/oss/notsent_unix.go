//go:build linux || darwin

package oss

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// notSentLowat bounds the bytes a connection holds unsent in the kernel (TCP_NOTSENT_LOWAT): a
// write blocks until the queue drains below it. Without it a socket's send buffer (several MiB
// once autotuned, and as much again in a loopback peer's receive buffer) swallows whole parts
// at once, so "bytes handed to the connection" — what progress and the low-speed limit count —
// runs megabytes ahead of the wire on a slow link. 128 KiB keeps those counts within a few
// hundred KiB of the wire while leaving far more queued than a 256 KiB write needs between
// wake-ups; the congestion window (bytes in flight) is not limited by it. 0 leaves the kernel's
// default; a kernel without the option ignores it.
var notSentLowat = 128 << 10

// controlSocket sets the options above on a socket before it connects.
func controlSocket(network, address string, c syscall.RawConn) error {
	if notSentLowat <= 0 {
		return nil
	}
	c.Control(func(fd uintptr) {
		// Best effort: an older kernel without the option sends as before.
		_ = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NOTSENT_LOWAT, notSentLowat)
	})
	return nil
}
