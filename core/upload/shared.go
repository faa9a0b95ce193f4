package upload

// What core/download shares with this engine: the retry policy and the progress box. Exported
// here, in one place, so that the two engines retry and report alike.

import (
	"context"
	"time"
)

// Defaults of the retry policy (Options.RetryBase, Options.RetryMax).
const (
	DefaultRetryBase = defaultRetryBase
	DefaultRetryMax  = defaultRetryMax
)

// RetryPolicy is the engine's retry policy: up to Retries retries, exponential backoff from Base
// capped at Max, with equal jitter.
type RetryPolicy struct {
	Retries   int
	Base, Max time.Duration
}

// Do calls fn until it succeeds, fails with an error retryable does not accept, retries run
// out or ctx ends. It returns fn's last error, never the cancel it was waiting through.
func (p RetryPolicy) Do(ctx context.Context, retryable func(error) bool, fn func() error) error {
	b := backoff{retries: p.Retries, base: p.Base, max: p.Max}
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || !retryable(err) || attempt >= b.retries || ctx.Err() != nil {
			return err
		}
		if serr := sleep(ctx, b.delay(attempt)); serr != nil {
			return err
		}
	}
}

// Publish stores (done, total) for the box's reader, unless it would make done go back; for
// another engine (core/download) that reports through the same box.
func (b *ProgressBox) Publish(done, total int64) { b.publish(done, total) }

// Close ends the box: Wait returns ok == false once its last value was read.
func (b *ProgressBox) Close() { b.close() }

// Deliver calls fn with every value box yields until it closes; run it on its own goroutine.
func Deliver(box *ProgressBox, fn func(done, total int64)) { deliver(box, fn) }
