package ossemu

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// diskMeta keeps the metadata under a data directory:
//
//	blobs/<id>                          object and part bytes
//	buckets/<name>/bucket.json
//	buckets/<name>/objects/<sha256(key)>.json
//	uploads/<id>/upload.json, uploads/<id>/part-<n>.json
//	tmp/                                files being written; emptied at start
//
// Every file is written to tmp/, fsynced and renamed into place, so a killed server finds either
// the old or the new version, never a torn one. Keys are hashed for file names because a key may
// be 1023 bytes of anything.
type diskMeta struct{ dir string }

func openDisk(dir string) (*diskMeta, error) {
	for _, sub := range []string{"blobs", "buckets", "uploads", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	tmp := filepath.Join(dir, "tmp")
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		os.RemoveAll(filepath.Join(tmp, e.Name()))
	}
	return &diskMeta{dir: dir}, nil
}

func (d *diskMeta) writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Join(d.dir, "tmp"), "meta-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// removeTree takes a directory out of the live tree with one rename, then deletes it.
func (d *diskMeta) removeTree(path string) error {
	grave := filepath.Join(d.dir, "tmp", "gone-"+newBlobID())
	if err := os.Rename(path, grave); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	return os.RemoveAll(grave)
}

func keyFile(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:]) + ".json"
}

func (d *diskMeta) bucketDir(name string) string { return filepath.Join(d.dir, "buckets", name) }
func (d *diskMeta) uploadDir(id string) string   { return filepath.Join(d.dir, "uploads", id) }

func (d *diskMeta) saveBucket(b *bucketState) error {
	return d.writeJSON(filepath.Join(d.bucketDir(b.Name), "bucket.json"), b)
}
func (d *diskMeta) removeBucket(name string) error { return d.removeTree(d.bucketDir(name)) }

func (d *diskMeta) saveObject(bucket string, o *objectMeta) error {
	return d.writeJSON(filepath.Join(d.bucketDir(bucket), "objects", keyFile(o.Key)), o)
}

func (d *diskMeta) removeObject(bucket, key string) error {
	p := filepath.Join(d.bucketDir(bucket), "objects", keyFile(key))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(filepath.Dir(p))
}

func (d *diskMeta) saveUpload(u *uploadMeta) error {
	return d.writeJSON(filepath.Join(d.uploadDir(u.ID), "upload.json"), u)
}

func (d *diskMeta) savePart(id string, p *partMeta) error {
	return d.writeJSON(filepath.Join(d.uploadDir(id), fmt.Sprintf("part-%d.json", p.Number)), p)
}

func (d *diskMeta) removeUpload(id string) error { return d.removeTree(d.uploadDir(id)) }

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// load rebuilds the store from the directory and deletes blobs nothing refers to (left by a
// write that was killed before its metadata was renamed into place).
func (d *diskMeta) load(s *store) error {
	buckets, err := os.ReadDir(filepath.Join(d.dir, "buckets"))
	if err != nil {
		return err
	}
	for _, be := range buckets {
		b := &bucketState{}
		if err := readJSON(filepath.Join(d.bucketDir(be.Name()), "bucket.json"), b); err != nil {
			return err
		}
		b.objects = map[string]*objectMeta{}
		objs, err := os.ReadDir(filepath.Join(d.bucketDir(b.Name), "objects"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for _, oe := range objs {
			o := &objectMeta{}
			if err := readJSON(filepath.Join(d.bucketDir(b.Name), "objects", oe.Name()), o); err != nil {
				return err
			}
			b.objects[o.Key] = o
			for _, seg := range o.Segments {
				s.ref(seg.Blob)
			}
		}
		s.buckets[b.Name] = b
	}
	uploads, err := os.ReadDir(filepath.Join(d.dir, "uploads"))
	if err != nil {
		return err
	}
	for _, ue := range uploads {
		u := &uploadMeta{parts: map[int]*partMeta{}}
		if err := readJSON(filepath.Join(d.uploadDir(ue.Name()), "upload.json"), u); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				os.RemoveAll(d.uploadDir(ue.Name())) // an Initiate killed half-way
				continue
			}
			return err
		}
		files, err := os.ReadDir(d.uploadDir(u.ID))
		if err != nil {
			return err
		}
		for _, f := range files {
			n, ok := strings.CutPrefix(f.Name(), "part-")
			if _, err := strconv.Atoi(strings.TrimSuffix(n, ".json")); !ok || err != nil {
				continue
			}
			p := &partMeta{}
			if err := readJSON(filepath.Join(d.uploadDir(u.ID), f.Name()), p); err != nil {
				return err
			}
			u.parts[p.Number] = p
			s.ref(p.Blob)
		}
		s.uploads[u.ID] = u
	}
	blobs, err := os.ReadDir(filepath.Join(d.dir, "blobs"))
	if err != nil {
		return err
	}
	for _, be := range blobs {
		if s.refs[be.Name()] == 0 {
			os.Remove(filepath.Join(d.dir, "blobs", be.Name()))
		}
	}
	return nil
}
