//go:build linux

package download

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyDirAsOtherUser: a target whose directory the user cannot write is refused before
// any request, naming the directory, and nothing is written there. TestBadInput checks this
// when the tests run as a normal user; as root (CI containers) every directory is writable, so
// here this test binary runs TestKill9Child as nobody against a directory only root may write.
func TestReadOnlyDirAsOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: TestBadInput's \"dir read-only\" case runs as this user")
	}
	e := newEnv(t)
	e.put("k", 300*kib, 1)
	// A copy of this binary and a read-only directory that nobody can reach (t.TempDir's
	// directories are 0700).
	base, err := os.MkdirTemp("", "download-ro-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	must(t, os.Chmod(base, 0o755))
	exe := filepath.Join(base, "download.test")
	copyFile(t, os.Args[0], exe)
	must(t, os.Chmod(exe, 0o755))
	ro := filepath.Join(base, "ro")
	must(t, os.Mkdir(ro, 0o755)) // root's: others may enter and list, not write
	target := filepath.Join(ro, "f")

	k := e.srv.Keys()[0]
	job, _ := json.Marshal(childJob{URL: e.srv.URL(), Endpoint: e.srv.Endpoint(), Key: "k", Path: target,
		AKID: k.ID, Secret: k.Secret})
	cmd := exec.Command(exe, "-test.run=^TestKill9Child$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+string(job), "HOME="+base, "GOCOVERDIR=")
	cmd.Dir = base
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	e.freshLog()
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the download into %s succeeded as nobody:\n%s", ro, out)
	}
	for _, want := range []string{ro + ": the target's directory is not writable", "permission denied"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the child's error does not say %q:\n%s", want, out)
		}
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests sent before the directory was refused", n)
	}
	if left := leftovers(t, ro); len(left) != 0 {
		t.Errorf("left in the directory: %v", left)
	}
}
