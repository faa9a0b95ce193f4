package oss

import (
	"context"
	"net/http/httptrace"
	"testing"
	"time"
)

// A Complete's answer that starts before net/http reports the request written (its writer
// goroutine reports after the flush, its reader may see the answer first) must not leave the
// monitor waiting: the head would then never be judged (a 1 B/s drip took 279 s to end).
func TestTraceAnswerBeforeWroteRequest(t *testing.T) {
	for _, order := range []string{"wrote first", "answer first"} {
		t.Run(order, func(t *testing.T) {
			_, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			m := newSpeedMonitor(1024, time.Hour, cancel)
			defer m.done()
			tr := httptrace.ContextClientTrace(m.trace(context.Background(), true))
			if order == "wrote first" {
				tr.WroteRequest(httptrace.WroteRequestInfo{})
				if !m.waiting.Load() {
					t.Fatal("not waiting after the request was written")
				}
				tr.GotFirstResponseByte()
			} else {
				tr.GotFirstResponseByte()
				tr.WroteRequest(httptrace.WroteRequestInfo{})
			}
			if m.waiting.Load() {
				t.Fatal("still waiting for the server once its answer started")
			}
		})
	}
}
