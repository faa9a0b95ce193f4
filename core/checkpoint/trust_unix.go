//go:build unix

package checkpoint

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// callerUID is the user records must belong to; tests stand in another.
var callerUID = os.Geteuid

func untrusted(fi fs.FileInfo, ucp bool) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != callerUID() {
		return fmt.Sprintf("it is owned by uid %d, not by the calling user (uid %d)", st.Uid, callerUID())
	}
	perm := fi.Mode().Perm()
	if !ucp && perm&0o077 != 0 {
		return fmt.Sprintf("its mode is %04o, not 0600: other users may have written it", perm)
	}
	if ucp && perm&0o022 != 0 {
		return fmt.Sprintf("its mode is %04o: other users may have written it", perm)
	}
	return ""
}
