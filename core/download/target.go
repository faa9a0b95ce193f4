package download

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// checkTarget refuses, before any network traffic, a target the file could never be put at:
// a directory, something other than a regular file (or a symlink, which the rename replaces),
// a parent that is missing, not a directory, or not writable.
func checkTarget(path string) error {
	if fi, err := os.Lstat(path); err == nil {
		switch {
		case fi.IsDir():
			return &TargetError{Path: path, Reason: "the target is a directory", Err: syscall.EISDIR}
		case !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0:
			return &TargetError{Path: path, Reason: "the target exists and is not a regular file (" + fi.Mode().Type().String() + ")", Err: syscall.EEXIST}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &TargetError{Path: path, Reason: "cannot look at the target", Err: unwrapPath(err)}
	}
	return checkDir(filepath.Dir(path), "target")
}

// checkDir requires dir to be an existing, writable directory; what names what it is for.
func checkDir(dir, what string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &TargetError{Path: dir, Reason: "the " + what + "'s directory does not exist", Err: syscall.ENOENT}
	case err != nil:
		return &TargetError{Path: dir, Reason: "cannot look at the " + what + "'s directory", Err: unwrapPath(err)}
	case !fi.IsDir():
		return &TargetError{Path: dir, Reason: "the " + what + "'s directory is not a directory", Err: syscall.ENOTDIR}
	}
	if err := writable(dir); err != nil {
		return &TargetError{Path: dir, Reason: "the " + what + "'s directory is not writable", Err: err}
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// openTemp opens (resume) or creates the temporary file. Its mode is 0666 less the umask, as
// os.Create gives, since it becomes the target.
func openTemp(path string, fresh bool) (*os.File, error) {
	flag := os.O_RDWR | os.O_CREATE
	if fresh {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o666)
	if err != nil {
		return nil, &TargetError{Path: path, Reason: "cannot open the temporary file", Err: unwrapPath(err)}
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, &TargetError{Path: path, Reason: "the temporary file is not a regular file", Err: syscall.EEXIST}
	}
	return f, nil
}

// createUniqueTemp creates a temporary file of its own beside target (no checkpoint: nothing
// else will look for it), mode 0666 less the umask like openTemp's.
func createUniqueTemp(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	var err error
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		var f *os.File
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	return nil, &TargetError{Path: target, Reason: "cannot create a temporary file beside the target", Err: unwrapPath(err)}
}

// reserve sizes f to size bytes and reserves its blocks where the filesystem can, so that a
// disk without room fails now rather than halfway.
func reserve(f *os.File, size int64) error {
	if err := f.Truncate(size); err != nil {
		return &TargetError{Path: f.Name(), Reason: "cannot size the temporary file to " + itoa(size) + " bytes", Err: unwrapPath(err)}
	}
	if size == 0 {
		return nil
	}
	if err := preallocate(f, size); err != nil {
		return &TargetError{Path: f.Name(), Reason: "cannot reserve " + itoa(size) + " bytes for the temporary file", Err: err}
	}
	return nil
}

// place fsyncs the temporary file, renames it over the target and fsyncs the directory: the
// target is either the old file or the whole new one, also across a crash of the machine.
func place(f *os.File, target string) error {
	if err := f.Sync(); err != nil {
		return &TargetError{Path: f.Name(), Reason: "cannot flush the temporary file", Err: unwrapPath(err)}
	}
	if err := os.Rename(f.Name(), target); err != nil {
		return &TargetError{Path: target, Reason: "cannot rename the temporary file over the target", Err: unwrapPath(err)}
	}
	if err := syncDir(filepath.Dir(target)); err != nil {
		return &TargetError{Path: filepath.Dir(target), Reason: "cannot flush the directory", Err: unwrapPath(err)}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
