//go:build js

package checkpoint

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"syscall/js"
	"time"

	"github.com/ossresume/ossresume/core/internal/jsawait"
)

// The browser's store: the same record, in the same format, as the file a native Store keeps
// (the header line, then one checksummed line per finished part), kept in IndexedDB, and
// locked with a Web Lock so that two tabs never run one upload. IndexedDB has no append: the
// header is one entry and each part's line another, under keys [key, 0], [key, 1], ...; Load
// joins them in key order, which is the file's byte order, and decodes it as a file's. A
// transaction is atomic, so Save needs no temporary copy and rename.

// QuotaError is a record the browser refused to store: the origin's storage quota is used up.
type QuotaError struct {
	Err error
}

func (e *QuotaError) Error() string {
	return "checkpoint: the browser's storage quota is exceeded (" + e.Err.Error() +
		"): free storage for this site (or upload without a checkpoint)"
}

func (e *QuotaError) Unwrap() error { return e.Err }

const idbStoreName = "records"

// IDBStore is one record in IndexedDB, locked for as long as it is open. Safe for concurrent
// use, as Store is.
type IDBStore struct {
	db      js.Value
	key     string
	release js.Value // resolves the Web Lock's promise: the lock is let go

	mu     sync.Mutex
	seq    int      // the next line's index; 0 before the first Save
	sum    [32]byte // checksum of the last line
	broken error
}

// OpenIDB opens database dbName (created on first use) and locks the record key with a Web
// Lock of the same name. It fails at once with an error wrapping ErrInUse when another tab or
// worker of this origin holds it.
func OpenIDB(dbName, key string) (*IDBStore, error) {
	locks := js.Global().Get("navigator").Get("locks")
	if !locks.Truthy() {
		return nil, errors.New("checkpoint: this browser has no Web Locks (navigator.locks): upload without a checkpoint")
	}
	release, err := lockWeb(locks, "ossresume-checkpoint:"+dbName+":"+key)
	if err != nil {
		return nil, err
	}
	db, err := openDB(dbName)
	if err != nil {
		release.Invoke()
		return nil, err
	}
	return &IDBStore{db: db, key: key, release: release}, nil
}

// lockWeb takes the Web Lock name if it is free and returns the function that releases it.
func lockWeb(locks js.Value, name string) (js.Value, error) {
	type got struct {
		release js.Value
		free    bool
	}
	ch := make(chan got, 1)
	var cb js.Func
	cb = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || args[0].IsNull() {
			ch <- got{}
			return nil
		}
		// The lock is held until the promise returned here settles: keep its resolve.
		var exec js.Func
		exec = js.FuncOf(func(_ js.Value, a []js.Value) any {
			ch <- got{release: a[0], free: true}
			return nil
		})
		p := js.Global().Get("Promise").New(exec)
		exec.Release()
		return p
	})
	opts := js.Global().Get("Object").New()
	opts.Set("ifAvailable", true)
	req, err := jsawait.Try(func() js.Value { return locks.Call("request", name, opts, cb) })
	if err != nil {
		cb.Release()
		return js.Value{}, fmt.Errorf("checkpoint: Web Lock %s: %w", name, err)
	}
	g := <-ch
	if !g.free {
		cb.Release()
		return js.Value{}, fmt.Errorf("checkpoint %s (another tab or upload of this file runs): %w", name, ErrInUse)
	}
	// cb is released with the lock: the browser holds it until then.
	go func() {
		jsawait.Await(req)
		cb.Release()
	}()
	return g.release, nil
}

func openDB(name string) (js.Value, error) {
	idb := js.Global().Get("indexedDB")
	if !idb.Truthy() {
		return js.Value{}, errors.New("checkpoint: this browser has no IndexedDB: upload without a checkpoint")
	}
	req, err := jsawait.Try(func() js.Value { return idb.Call("open", name, 1) })
	if err != nil {
		return js.Value{}, fmt.Errorf("checkpoint: opening IndexedDB %s: %w", name, err)
	}
	up := js.FuncOf(func(js.Value, []js.Value) any {
		db := req.Get("result")
		if !db.Get("objectStoreNames").Call("contains", idbStoreName).Bool() {
			db.Call("createObjectStore", idbStoreName)
		}
		return nil
	})
	defer up.Release()
	req.Set("onupgradeneeded", up)
	db, err := awaitRequest(req)
	if err != nil {
		return js.Value{}, fmt.Errorf("checkpoint: opening IndexedDB %s: %w", name, storageError(err))
	}
	return db, nil
}

// awaitRequest waits for an IDBRequest's success or error.
func awaitRequest(req js.Value) (js.Value, error) {
	ch := make(chan error, 1)
	ok := js.FuncOf(func(js.Value, []js.Value) any { ch <- nil; return nil })
	bad := js.FuncOf(func(js.Value, []js.Value) any { ch <- jsawait.AsError(req.Get("error")); return nil })
	defer ok.Release()
	defer bad.Release()
	req.Set("onsuccess", ok)
	req.Set("onerror", bad)
	if err := <-ch; err != nil {
		return js.Value{}, err
	}
	return req.Get("result"), nil
}

// write runs fill on the object store in one read-write transaction and waits for it to commit.
func (s *IDBStore) write(fill func(st js.Value)) error {
	tx, err := jsawait.Try(func() js.Value { return s.db.Call("transaction", idbStoreName, "readwrite") })
	if err != nil {
		return storageError(err)
	}
	ch := make(chan error, 1)
	done := js.FuncOf(func(js.Value, []js.Value) any { ch <- nil; return nil })
	failed := js.FuncOf(func(js.Value, []js.Value) any {
		e := tx.Get("error")
		if !e.Truthy() {
			ch <- errors.New("transaction aborted")
		} else {
			ch <- jsawait.AsError(e)
		}
		return nil
	})
	defer done.Release()
	defer failed.Release()
	tx.Set("oncomplete", done)
	tx.Set("onerror", failed)
	tx.Set("onabort", failed)
	if _, err := jsawait.Try(func() js.Value { fill(tx.Call("objectStore", idbStoreName)); return js.Undefined() }); err != nil {
		tx.Call("abort")
		<-ch
		return storageError(err)
	}
	if err := <-ch; err != nil {
		return storageError(err)
	}
	return nil
}

func storageError(err error) error {
	var je *jsawait.Error
	if errors.As(err, &je) && je.Name == "QuotaExceededError" {
		return &QuotaError{Err: err}
	}
	return err
}

func (s *IDBStore) keyRange() js.Value {
	return js.Global().Get("IDBKeyRange").Call("bound", lineKey(s.key, 0), lineKey(s.key, 1<<53-1))
}

func lineKey(key string, n int) js.Value { return js.ValueOf([]any{key, n}) }

func bytesJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// Path names the record in messages.
func (s *IDBStore) Path() string { return "indexeddb:" + s.key }

// Load reads the record: fs.ErrNotExist when there is none, a *CorruptError when it cannot be
// trusted, as Store.Load.
func (s *IDBStore) Load() (*Record, error) {
	tx, err := jsawait.Try(func() js.Value { return s.db.Call("transaction", idbStoreName, "readonly") })
	if err != nil {
		return nil, storageError(err)
	}
	vals, err := awaitRequest(tx.Call("objectStore", idbStoreName).Call("getAll", s.keyRange()))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: reading %s: %w", s.Path(), storageError(err))
	}
	n := vals.Length()
	if n == 0 {
		return nil, &fs.PathError{Op: "open", Path: s.Path(), Err: fs.ErrNotExist}
	}
	var data []byte
	for i := range n {
		v := vals.Index(i)
		b := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		data = append(data, b...)
	}
	if len(data) > maxFile {
		return nil, &CorruptError{Path: s.Path(), Reason: fmt.Sprintf("larger than %d bytes", maxFile)}
	}
	r, _, err := Decode(data)
	if ce, ok := err.(*CorruptError); ok {
		ce.Path = s.Path()
	}
	return r, err
}

// Save replaces the record with r in one transaction; later Appends continue it.
func (s *IDBStore) Save(r *Record) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("checkpoint: refusing to save an invalid record: %w", err)
	}
	data, sum := Encode(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.write(func(st js.Value) {
		st.Call("delete", s.keyRange())
		st.Call("put", bytesJS(data), lineKey(s.key, 0))
	})
	if err != nil {
		return fmt.Errorf("checkpoint: saving %s: %w", s.Path(), err)
	}
	s.seq, s.sum, s.broken = 1, sum, nil
	return nil
}

// SaveDeferred is Save: a committed transaction is as durable as IndexedDB makes anything.
func (s *IDBStore) SaveDeferred(r *Record) error { return s.Save(r) }

// Append records one finished part as the record's next line.
func (s *IDBStore) Append(p Part) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return fmt.Errorf("checkpoint: an earlier write failed: %w", s.broken)
	}
	if s.seq == 0 {
		return errors.New("checkpoint: Append before Save")
	}
	sum := s.sum
	line := appendLine(nil, &sum, partJSON(&p))
	seq := s.seq
	if err := s.write(func(st js.Value) { st.Call("put", bytesJS(line), lineKey(s.key, seq)) }); err != nil {
		s.broken = err
		return fmt.Errorf("checkpoint: saving %s: %w", s.Path(), err)
	}
	s.seq, s.sum = seq+1, sum
	return nil
}

// Sync and SyncIfOlder have nothing to do: every write waited for its transaction's commit.
func (s *IDBStore) Sync() error                         { return nil }
func (s *IDBStore) SyncIfOlder(age time.Duration) error { return nil }

// Remove deletes the record (after a verified Complete); the lock is kept until Close.
func (s *IDBStore) Remove() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq = 0
	return s.write(func(st js.Value) { st.Call("delete", s.keyRange()) })
}

// Close releases the lock and the database connection; the record stays.
func (s *IDBStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.release.Truthy() {
		s.release.Invoke()
		s.release = js.Undefined()
		s.db.Call("close")
	}
	return nil
}
