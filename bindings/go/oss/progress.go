package oss

// ProgressEventType says what a ProgressEvent reports.
type ProgressEventType int

// The events of one UploadFile call, in order: one TransferStartedEvent, TransferDataEvents as
// bytes go out, then one TransferCompletedEvent or one TransferFailedEvent.
const (
	TransferStartedEvent ProgressEventType = 1 + iota
	TransferDataEvent
	TransferCompletedEvent
	TransferFailedEvent
)

// ProgressEvent is one report. ConsumedBytes counts the file's bytes done (parts carried over
// from a checkpoint included), TotalBytes is the file's size, RwBytes is what this event adds.
type ProgressEvent struct {
	ConsumedBytes int64
	TotalBytes    int64
	RwBytes       int64
	EventType     ProgressEventType
}

// ProgressListener receives an upload's events. UploadFile calls it from one goroutine at a
// time, never concurrently, and makes its last call before returning.
type ProgressListener interface {
	ProgressChanged(event *ProgressEvent)
}

// progressRelay turns the engine's (done, total) values into v1 events. The engine calls update
// from one goroutine and makes its last call before upload.Upload returns; end runs after that,
// so the relay needs no lock.
type progressRelay struct {
	l       ProgressListener
	started bool
	done    int64
	total   int64
}

// update publishes TransferStartedEvent on the engine's first value, which for a resumed upload
// already counts the parts carried over (as in v1), and a TransferDataEvent for every increase.
func (p *progressRelay) update(done, total int64) {
	if !p.started {
		p.started, p.done, p.total = true, done, total
		p.l.ProgressChanged(&ProgressEvent{ConsumedBytes: done, TotalBytes: total, EventType: TransferStartedEvent})
		return
	}
	if done <= p.done {
		return
	}
	rw := done - p.done
	p.done, p.total = done, total
	p.l.ProgressChanged(&ProgressEvent{ConsumedBytes: done, TotalBytes: total, RwBytes: rw, EventType: TransferDataEvent})
}

// end publishes TransferCompletedEvent after a verified upload, or TransferFailedEvent after a
// failure that followed TransferStartedEvent; as in v1, an upload that failed before its first
// byte (refused credentials, a missing bucket) publishes nothing.
func (p *progressRelay) end(err error) {
	switch {
	case err == nil:
		p.l.ProgressChanged(&ProgressEvent{ConsumedBytes: p.done, TotalBytes: p.total, EventType: TransferCompletedEvent})
	case p.started:
		p.l.ProgressChanged(&ProgressEvent{ConsumedBytes: p.done, TotalBytes: p.total, EventType: TransferFailedEvent})
	}
}
