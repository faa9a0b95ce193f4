package upload

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
)

// renewedErr is a SecurityTokenExpired answer whose credentials were renewed since (what the
// browser engine returns once its page gave fresh STS credentials).
type renewedErr struct{ error }

func (renewedErr) CredentialsRenewed() bool { return true }
func (r renewedErr) Unwrap() error          { return r.error }

// TestBackoffRenewed: a request whose credentials were renewed is sent once more at once,
// with retries off or used up, and only once; other failures keep the budget.
func TestBackoffRenewed(t *testing.T) {
	expired := &oss.Error{StatusCode: 403, Code: "SecurityTokenExpired"}
	slow := &oss.Error{StatusCode: 503, Code: "SlowDown"}
	cases := []struct {
		name    string
		retries int
		answers []error // what each call returns; nil after the list
		calls   int
		ok      bool
	}{
		{"renewed, retries off", 0, []error{renewedErr{expired}}, 2, true},
		{"renewed twice: one resend", 0, []error{renewedErr{expired}, renewedErr{expired}}, 2, false},
		{"renewed after the budget", 1, []error{slow, renewedErr{expired}}, 3, true},
		{"renewed does not spend the budget", 1, []error{renewedErr{expired}, slow}, 3, true},
		{"expired, not renewed: no resend", 3, []error{expired}, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := backoff{retries: c.retries, base: time.Millisecond, max: time.Millisecond}
			calls := 0
			err := b.do(context.Background(), func() error {
				calls++
				if calls <= len(c.answers) {
					return c.answers[calls-1]
				}
				return nil
			})
			if calls != c.calls || (err == nil) != c.ok {
				t.Fatalf("%d calls, err %v; want %d calls, ok %v", calls, err, c.calls, c.ok)
			}
			if err != nil && !errors.Is(err, expired) {
				t.Fatalf("err %v does not carry the server's answer", err)
			}
		})
	}
}
