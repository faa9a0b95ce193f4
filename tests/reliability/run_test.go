//go:build reliability

package reliability

import (
	"bytes"
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// runOutcome is how an uploader process ended.
type runOutcome struct {
	exit   int // -1 when killed by a signal
	output string
}

// runUntil starts cmd, waits until the server acknowledged `after` parts of key (0: at once),
// calls act, and waits for cmd to end (at most bound).
func runUntil(t *testing.T, e *emu, cmd *exec.Cmd, key string, after int, act func(*exec.Cmd), bound time.Duration) runOutcome {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	tail := e.tailFromEnd()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if act != nil {
		deadline := time.Now().Add(bound)
	wait:
		for time.Now().Before(deadline) {
			select {
			case err := <-done:
				t.Fatalf("%s ended (%v) before %d parts were acknowledged: %s", key, err, after, oneLine(out.String()))
			default:
			}
			if n, _ := partsAcked(tail.poll(), key); n >= after {
				break wait
			}
			time.Sleep(2 * time.Millisecond)
		}
		act(cmd)
	}
	select {
	case err := <-done:
		o := runOutcome{output: out.String()}
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled():
			o.exit = -1
		case errors.As(err, &ee):
			o.exit = ee.ExitCode()
		default:
			t.Fatal(err)
		}
		return o
	case <-time.After(bound):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s: still running after %v: %s", key, bound, oneLine(out.String()))
	}
	return runOutcome{}
}

// interrupt asks the uploader to stop cleanly (it keeps its checkpoint and exits 130).
func interrupt(cmd *exec.Cmd) { cmd.Process.Signal(syscall.SIGINT) }

// asNobody makes cmd run as the unprivileged user when the tests run as root, so that file
// permissions mean something.
func asNobody(cmd *exec.Cmd) {
	if syscall.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}
