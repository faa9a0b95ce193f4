//go:build !linux

package checkpoint

import "os"

// replaceDeferred puts the file at tmp in place of path for SaveDeferred (see the Linux one).
func replaceDeferred(tmp, path string) error { return os.Rename(tmp, path) }
