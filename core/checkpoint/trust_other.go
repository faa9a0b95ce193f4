//go:build !unix

package checkpoint

import "io/fs"

// untrusted has no owner or mode to check where the platform has no Unix permissions; the
// directory's ACLs are what protect records there.
func untrusted(fs.FileInfo, bool) string { return "" }
