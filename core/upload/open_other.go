//go:build !unix

package upload

import "os"

// openSource opens the file to upload (no FIFOs to block on here).
func openSource(path string) (*os.File, error) { return os.Open(path) }
