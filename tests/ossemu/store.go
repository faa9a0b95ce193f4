package ossemu

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// segment is a run of an object's bytes held in one blob (a multipart object keeps its parts'
// blobs, so Complete copies nothing).
type segment struct {
	Blob string
	Size int64
}

type objectMeta struct {
	Key      string
	Size     int64
	ETag     string // quoted, upper-case hex
	CRC      uint64
	Type     string // Normal or Multipart
	Modified time.Time
	Header   map[string]string // stored content headers and x-oss-meta-*
	MD5      string            // base64 Content-MD5; "" for multipart objects
	Segments []segment
}

type partMeta struct {
	Number   int
	Blob     string
	Size     int64
	ETag     string
	CRC      uint64
	Modified time.Time
}

type uploadMeta struct {
	ID        string
	Bucket    string
	Key       string
	Initiated time.Time
	Header    map[string]string // applied to the object at Complete
	parts     map[int]*partMeta
}

type bucketState struct {
	Name    string
	Created time.Time
	objects map[string]*objectMeta
}

// store is the server's state. Metadata lives in these maps (and, with a data directory, in
// small JSON files written atomically on every change); bytes live in blobs, reference-counted
// because an object, a part and a reader in progress may share one.
type store struct {
	mu      sync.Mutex
	blobs   blobStore
	disk    *diskMeta // nil in memory
	buckets map[string]*bucketState
	uploads map[string]*uploadMeta
	refs    map[string]int
}

func newStore(blobs blobStore, disk *diskMeta) *store {
	return &store{blobs: blobs, disk: disk, buckets: map[string]*bucketState{},
		uploads: map[string]*uploadMeta{}, refs: map[string]int{}}
}

func (s *store) ref(blob string) {
	if blob != "" {
		s.refs[blob]++
	}
}

// unref drops a reference; the blob goes when nothing refers to it any more.
func (s *store) unref(blob string) {
	if blob == "" {
		return
	}
	if s.refs[blob]--; s.refs[blob] <= 0 {
		delete(s.refs, blob)
		s.blobs.remove(blob)
	}
}

// persist runs a metadata write when there is a data directory.
func (s *store) persist(f func(d *diskMeta) error) error {
	if s.disk == nil {
		return nil
	}
	return f(s.disk)
}

func (s *store) createBucket(name string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buckets[name]; ok {
		return nil // OSS answers 200 when the caller already owns the bucket
	}
	b := &bucketState{Name: name, Created: now, objects: map[string]*objectMeta{}}
	if err := s.persist(func(d *diskMeta) error { return d.saveBucket(b) }); err != nil {
		return err
	}
	s.buckets[name] = b
	return nil
}

func (s *store) deleteBucket(name string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[name]
	if !ok {
		return errNoSuchBucket(name)
	}
	busy := len(b.objects) > 0
	for _, u := range s.uploads {
		busy = busy || u.Bucket == name
	}
	if busy {
		return errorf(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.").with("BucketName", name)
	}
	if err := s.persist(func(d *diskMeta) error { return d.removeBucket(name) }); err != nil {
		return errInternal(err)
	}
	delete(s.buckets, name)
	return nil
}

func (s *store) bucketNames() []bucketState {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bucketState
	for _, b := range s.buckets {
		out = append(out, bucketState{Name: b.Name, Created: b.Created})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *store) hasBucket(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.buckets[name]
	return ok
}

// putObject stores obj, whose blobs the caller has committed and hands over, replacing any
// object with its key.
func (s *store) putObject(bucket string, obj *objectMeta) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		for _, seg := range obj.Segments {
			s.ref(seg.Blob)
			s.unref(seg.Blob)
		}
		return errNoSuchBucket(bucket)
	}
	return s.replaceLocked(b, obj)
}

func (s *store) replaceLocked(b *bucketState, obj *objectMeta) *apiError {
	if err := s.persist(func(d *diskMeta) error { return d.saveObject(b.Name, obj) }); err != nil {
		return errInternal(err)
	}
	for _, seg := range obj.Segments {
		s.ref(seg.Blob)
	}
	if old, ok := b.objects[obj.Key]; ok {
		for _, seg := range old.Segments {
			s.unref(seg.Blob)
		}
	}
	b.objects[obj.Key] = obj
	return nil
}

// objectExists reports whether the key holds an object (for x-oss-forbid-overwrite).
func (s *store) objectExists(bucket, key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	return ok && b.objects[key] != nil
}

// pinObject returns the object's metadata and holds its blobs until release is called, so an
// overwrite or delete during a long GET cannot pull the bytes away.
func (s *store) pinObject(bucket, key string) (obj *objectMeta, release func(), e *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		return nil, nil, errNoSuchBucket(bucket)
	}
	obj, ok = b.objects[key]
	if !ok {
		return nil, nil, errNoSuchKey(key)
	}
	for _, seg := range obj.Segments {
		s.ref(seg.Blob)
	}
	return obj, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, seg := range obj.Segments {
			s.unref(seg.Blob)
		}
	}, nil
}

func (s *store) deleteObject(bucket, key string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		return errNoSuchBucket(bucket)
	}
	old, ok := b.objects[key]
	if !ok {
		return nil
	}
	if err := s.persist(func(d *diskMeta) error { return d.removeObject(bucket, key) }); err != nil {
		return errInternal(err)
	}
	delete(b.objects, key)
	for _, seg := range old.Segments {
		s.unref(seg.Blob)
	}
	return nil
}

// listObjects returns the bucket's objects with the prefix, sorted by key.
func (s *store) listObjects(bucket, prefix string) ([]objectMeta, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucket]
	if !ok {
		return nil, errNoSuchBucket(bucket)
	}
	var out []objectMeta
	for k, o := range b.objects {
		if strings.HasPrefix(k, prefix) {
			out = append(out, *o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (s *store) newUpload(u *uploadMeta) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buckets[u.Bucket]; !ok {
		return errNoSuchBucket(u.Bucket)
	}
	u.parts = map[int]*partMeta{}
	if err := s.persist(func(d *diskMeta) error { return d.saveUpload(u) }); err != nil {
		return errInternal(err)
	}
	s.uploads[u.ID] = u
	return nil
}

// uploadLocked finds an upload by id, checking that it belongs to this bucket and key.
func (s *store) uploadLocked(bucket, key, id string) (*uploadMeta, *apiError) {
	if _, ok := s.buckets[bucket]; !ok {
		return nil, errNoSuchBucket(bucket)
	}
	u, ok := s.uploads[id]
	if !ok || u.Bucket != bucket || u.Key != key {
		return nil, errNoSuchUpload(id)
	}
	return u, nil
}

// checkUpload answers NoSuchUpload before a part body is read.
func (s *store) checkUpload(bucket, key, id string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, e := s.uploadLocked(bucket, key, id)
	return e
}

// putPart records a part; a part sent again replaces the earlier one.
func (s *store) putPart(bucket, key, id string, p *partMeta) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, e := s.uploadLocked(bucket, key, id)
	if e != nil {
		s.ref(p.Blob)
		s.unref(p.Blob)
		return e
	}
	if err := s.persist(func(d *diskMeta) error { return d.savePart(id, p) }); err != nil {
		return errInternal(err)
	}
	s.ref(p.Blob)
	if old, ok := u.parts[p.Number]; ok {
		s.unref(old.Blob)
	}
	u.parts[p.Number] = p
	return nil
}

// uploadSnapshot is a copy of an upload with its parts in ascending order.
func (s *store) uploadSnapshot(bucket, key, id string) (uploadMeta, []partMeta, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, e := s.uploadLocked(bucket, key, id)
	if e != nil {
		return uploadMeta{}, nil, e
	}
	return *u, sortedParts(u), nil
}

func sortedParts(u *uploadMeta) []partMeta {
	out := make([]partMeta, 0, len(u.parts))
	for _, p := range u.parts {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// dropUploadLocked forgets an upload and releases its parts' blobs.
func (s *store) dropUploadLocked(u *uploadMeta) error {
	if err := s.persist(func(d *diskMeta) error { return d.removeUpload(u.ID) }); err != nil {
		return err
	}
	delete(s.uploads, u.ID)
	for _, p := range u.parts {
		s.unref(p.Blob)
	}
	return nil
}

func (s *store) abortUpload(bucket, key, id string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, e := s.uploadLocked(bucket, key, id)
	if e != nil {
		return e
	}
	if err := s.dropUploadLocked(u); err != nil {
		return errInternal(err)
	}
	return nil
}

// expireUpload makes an upload id disappear, as a fault: whatever its bucket or key.
func (s *store) expireUpload(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.uploads[id]; ok {
		s.dropUploadLocked(u)
	}
}

// completeUpload turns the upload into an object built by build from the listed parts (in the
// client's order), all under one lock so a concurrent part upload or abort cannot interleave.
func (s *store) completeUpload(bucket, key, id string, build func(u *uploadMeta, have map[int]*partMeta) (*objectMeta, *apiError)) (*objectMeta, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, e := s.uploadLocked(bucket, key, id)
	if e != nil {
		return nil, e
	}
	obj, e := build(u, u.parts)
	if e != nil {
		return nil, e
	}
	// The object takes its references before the upload releases its own, so shared blobs stay.
	if e := s.replaceLocked(s.buckets[bucket], obj); e != nil {
		return nil, e
	}
	if err := s.dropUploadLocked(u); err != nil {
		return nil, errInternal(err)
	}
	return obj, nil
}

// listUploads returns the bucket's open uploads sorted by key, then initiation, then id.
func (s *store) listUploads(bucket string) ([]uploadMeta, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buckets[bucket]; !ok {
		return nil, errNoSuchBucket(bucket)
	}
	var out []uploadMeta
	for _, u := range s.uploads {
		if u.Bucket == bucket {
			out = append(out, *u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if !a.Initiated.Equal(b.Initiated) {
			return a.Initiated.Before(b.Initiated)
		}
		return a.ID < b.ID
	})
	return out, nil
}
