package checkpoint

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
)

// ObjectPath names the record of one object among the records of one file: defaultPath with
// the first 16 hex digits of the SHA-256 of object before its ".cp" ("f.bin.cp" becomes
// "f.bin.1a2b3c4d5e6f7a8b.cp"). object is any string that identifies the object (the engine
// uses endpoint in normal form, bucket and key, one per line).
func ObjectPath(defaultPath, object string) string {
	sum := sha256.Sum256([]byte(object))
	tag := hex.EncodeToString(sum[:8])
	if base, ok := strings.CutSuffix(defaultPath, ".cp"); ok {
		return base + "." + tag + ".cp"
	}
	return defaultPath + "." + tag
}

// OpenObject opens the record of one object when several objects may be uploaded from one file,
// each resuming independently. The record lives at defaultPath (the C SDK's documented
// "<file>.cp") unless that holds, or is being written by, another object's upload; then at
// ObjectPath(defaultPath, object). So the single-key case keeps its documented name, and a
// second key never reads, aborts or overwrites the first key's record.
//
// The lock of ObjectPath is taken first and held throughout: it is the object's lock, so two
// uploads of one object still exclude each other (ErrInUse) wherever the record lives. When
// the record goes to defaultPath, that file's own lock is held too, so that an upload of
// another object finds it in use and takes its own path instead. mine reports whether a
// record at defaultPath belongs to this object (a record that names none, such as a .ucp
// import, does).
func OpenObject(defaultPath, object string, mine func(*Record) bool) (*Store, error) {
	keyed := ObjectPath(defaultPath, object)
	s, err := Open(keyed)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(keyed); err == nil {
		return s, nil // this object's own record, from an earlier call
	}
	def, err := lockFile(defaultPath + ".lock")
	if err != nil {
		return s, nil // another object's upload is writing defaultPath (or it cannot be locked)
	}
	rec, err := Load(defaultPath)
	var ce *CorruptError
	if err == nil && !mine(rec) || errors.As(err, &ce) && ce.Header != nil && !mine(ce.Header) {
		unlockFile(def)
		return s, nil
	}
	// Absent, this object's, corrupt without a name, or refused (the engine's Load of it says
	// why): the default path is this call's.
	s.path, s.extra = defaultPath, def
	return s, nil
}
