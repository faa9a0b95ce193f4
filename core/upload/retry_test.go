package upload

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
)

func TestBackoffDelay(t *testing.T) {
	b := backoff{retries: 5, base: 100 * time.Millisecond, max: time.Second}
	for attempt, cap := range []time.Duration{100, 200, 400, 800, 1000, 1000, 1000} {
		cap *= time.Millisecond
		for range 50 {
			d := b.delay(attempt)
			if d < cap/2 || d > cap {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", attempt, d, cap/2, cap)
			}
		}
	}
	if d := b.delay(200); d > time.Second {
		t.Fatalf("delay(200) = %v overflowed the cap", d)
	}
}

func TestRetryable(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{&oss.Error{StatusCode: 503, Code: "SlowDown"}, true},
		{&oss.Error{StatusCode: 500, Code: "InternalError"}, true},
		{&oss.Error{StatusCode: 404, Code: "NoSuchUpload"}, false},
		{&oss.Error{StatusCode: 403, Code: "AccessDenied"}, false},
		{&oss.TransportError{Kind: oss.TransportReset, Err: errors.New("reset")}, true},
		{&oss.TransportError{Kind: oss.TransportCanceled, Err: context.Canceled}, false},
		{&InconsistentError{What: "part"}, true},
		{&InconsistentError{What: "file"}, false},
		{fmt.Errorf("wrapped: %w", &oss.Error{StatusCode: 502}), true},
		{errors.New("plain"), false},
	}
	for _, c := range cases {
		if got := retryable(c.err); got != c.want {
			t.Errorf("retryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestBackoffDo(t *testing.T) {
	b := backoff{retries: 3, base: time.Microsecond, max: time.Microsecond}
	calls := 0
	err := b.do(context.Background(), func() error {
		calls++
		return &oss.Error{StatusCode: 503}
	})
	if calls != 4 || err == nil {
		t.Fatalf("%d calls, err %v; want 1 + 3 retries and the error", calls, err)
	}
	calls = 0
	err = b.do(context.Background(), func() error {
		calls++
		return &oss.Error{StatusCode: 404, Code: "NoSuchUpload"}
	})
	if calls != 1 {
		t.Fatalf("a non-retryable error was retried %d times", calls-1)
	}
	calls = 0
	err = b.do(context.Background(), func() error {
		if calls++; calls < 3 {
			return &oss.TransportError{Kind: oss.TransportTimeout, Err: errors.New("t")}
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("calls %d, err %v; want success on the third", calls, err)
	}
	// Cancel during the backoff wait ends the loop at once with the failure.
	slow := backoff{retries: 3, base: time.Hour, max: time.Hour}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = slow.do(ctx, func() error { return &oss.Error{StatusCode: 500, Code: "InternalError"} })
	var oe *oss.Error
	if !errors.As(err, &oe) || time.Since(start) > time.Second {
		t.Fatalf("err %v after %v; want the server error promptly", err, time.Since(start))
	}
}
