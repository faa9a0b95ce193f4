package upload

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/ossresume/ossresume/core/oss"
)

// backoff is the retry policy of one upload.
type backoff struct {
	retries   int
	base, max time.Duration
}

// delay returns the wait before retry number attempt (0-based): base·2^attempt capped at max,
// with equal jitter (half fixed, half random) so parallel parts that failed together spread out.
func (b backoff) delay(attempt int) time.Duration {
	d := b.max
	if attempt < 30 && b.base<<attempt < b.max {
		d = b.base << attempt
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// retryable reports whether sending the same request again may succeed.
func retryable(err error) bool {
	var ie *InconsistentError
	if errors.As(err, &ie) {
		return ie.What == "part" // corrupted in transit; a file change is not cured by resending
	}
	return oss.IsRetryable(err)
}

// renewed is a failure whose credentials expired and were renewed since (the browser
// engine asks its page for fresh STS credentials): the request is sent once more at once,
// whatever the retry budget, since no backoff would have cured it and nothing else went wrong.
type renewed interface{ CredentialsRenewed() bool }

// do calls fn until it succeeds, fails for good, retries run out or ctx ends.
func (b backoff) do(ctx context.Context, fn func() error) error {
	resent := false
	for attempt := 0; ; attempt++ {
		err := fn()
		var rn renewed
		if err != nil && !resent && ctx.Err() == nil && errors.As(err, &rn) && rn.CredentialsRenewed() {
			resent = true
			attempt--
			continue
		}
		if err == nil || !retryable(err) || attempt >= b.retries || ctx.Err() != nil {
			return err
		}
		if serr := sleep(ctx, b.delay(attempt)); serr != nil {
			return err // the failure, not the cancel it was waiting through
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
