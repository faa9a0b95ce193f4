//go:build unix && !linux

package download

import (
	"os"

	"golang.org/x/sys/unix"
)

func fallocate(*os.File, int64) error { return unix.EOPNOTSUPP }
