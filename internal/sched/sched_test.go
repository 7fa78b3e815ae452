package sched

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/annals-dev/annals"
)

var t0 = time.Date(2024, 12, 4, 10, 0, 0, 0, time.UTC)

// fakeClock is a Clock that moves only when told. Every After call and
// every log record takes a number from seq, so a test can tell when the
// scheduler has gone back to sleep after everything it logged.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	seq     *atomic.Int64
}

type waiter struct {
	at  time.Time
	seq int64
	ch  chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	w := waiter{at: c.now.Add(d), seq: c.seq.Add(1), ch: ch}
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, w)
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

// sleepingSince reports whether a waiter registered after seq is pending.
func (c *fakeClock) sleepingSince(seq int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.waiters {
		if w.seq > seq {
			return true
		}
	}
	return false
}

// logCounter counts the scheduler's "run starts" and "run ended" records.
type logCounter struct {
	seq          *atomic.Int64
	last         atomic.Int64
	starts, ends atomic.Int64
}

func (h *logCounter) Enabled(context.Context, slog.Level) bool { return true }
func (h *logCounter) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *logCounter) WithGroup(string) slog.Handler            { return h }
func (h *logCounter) Handle(_ context.Context, r slog.Record) error {
	switch r.Message {
	case "run starts":
		h.starts.Add(1)
	case "run ended", "run postponed":
		h.ends.Add(1)
	}
	h.last.Store(h.seq.Add(1))
	return nil
}

// harness is a scheduler over in-memory schedules with a fake clock.
type harness struct {
	t     *testing.T
	clock *fakeClock
	logs  *logCounter
	mu    sync.Mutex
	byKey map[string]*annals.Schedule
	runs  map[string][]time.Time // start times of each schedule's runs
	block map[string]chan struct{}
	fail  map[string]error
	inRun map[string]int
	most  map[string]int // most concurrent runs of each schedule
	s     *Scheduler
}

func newHarness(t *testing.T, scheds ...annals.Schedule) *harness {
	seq := new(atomic.Int64)
	h := &harness{
		t:     t,
		clock: &fakeClock{now: t0, seq: seq},
		logs:  &logCounter{seq: seq},
		byKey: map[string]*annals.Schedule{},
		runs:  map[string][]time.Time{},
		block: map[string]chan struct{}{},
		fail:  map[string]error{},
		inRun: map[string]int{},
		most:  map[string]int{},
	}
	for i := range scheds {
		sc := scheds[i]
		h.byKey[sc.Name] = &sc
	}
	h.s = &Scheduler{
		Load: func(context.Context) ([]annals.Schedule, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			var out []annals.Schedule
			for _, sc := range h.byKey {
				out = append(out, *sc)
			}
			return out, nil
		},
		Run:       h.run,
		Clock:     h.clock,
		Poll:      time.Hour,
		RetryWait: 10 * time.Minute,
		Logger:    slog.New(h.logs),
	}
	return h
}

func (h *harness) run(ctx context.Context, sc annals.Schedule) error {
	start := h.clock.Now()
	h.mu.Lock()
	h.inRun[sc.Name]++
	h.most[sc.Name] = max(h.most[sc.Name], h.inRun[sc.Name])
	block := h.block[sc.Name]
	err := h.fail[sc.Name]
	delete(h.fail, sc.Name)
	h.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.inRun[sc.Name]--
	if errors.Is(err, ErrRetry) {
		return err
	}
	h.runs[sc.Name] = append(h.runs[sc.Name], start)
	st := h.byKey[sc.Name]
	st.LastStart, st.LastEnd = start, h.clock.Now()
	return err
}

// settle waits until every started run has ended (or blocks) and the
// scheduler is asleep again.
func (h *harness) settle(blocked int) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if h.logs.starts.Load()-int64(blocked) == h.logs.ends.Load() && h.clock.sleepingSince(h.logs.last.Load()) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	h.t.Fatalf("scheduler did not settle: %d starts, %d ends", h.logs.starts.Load(), h.logs.ends.Load())
}

func (h *harness) count(name string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.runs[name])
}

func (h *harness) start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.s.Loop(ctx) }()
	return func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			h.t.Errorf("Loop returned %v", err)
		}
	}
}

func every(name string, d time.Duration) annals.Schedule {
	return annals.Schedule{Name: name, Every: d, Command: "crawl", Created: t0}
}

func TestScheduler_Every(t *testing.T) {
	h := newHarness(t, every("hourly", time.Hour))
	stop := h.start()
	defer stop()
	h.settle(0)
	if n := h.count("hourly"); n != 1 {
		t.Fatalf("%d runs at creation, want 1", n)
	}
	h.clock.Advance(59 * time.Minute)
	h.settle(0)
	if n := h.count("hourly"); n != 1 {
		t.Errorf("%d runs after 59 minutes, want 1", n)
	}
	h.clock.Advance(time.Minute)
	h.settle(0)
	if n := h.count("hourly"); n != 2 {
		t.Errorf("%d runs after an hour, want 2", n)
	}
	if got := h.runs["hourly"][1]; !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("second run at %v, want %v", got, t0.Add(time.Hour))
	}
}

func TestScheduler_MissedRunsRunOnce(t *testing.T) {
	h := newHarness(t, every("hourly", time.Hour))
	stop := h.start()
	h.settle(0)
	stop() // the daemon goes down for ten hours
	h.clock.Advance(10 * time.Hour)
	stop = h.start()
	defer stop()
	h.settle(0)
	if n := h.count("hourly"); n != 2 {
		t.Fatalf("%d runs after ten hours down, want 2 (one at creation, one for all the missed ones)", n)
	}
	h.clock.Advance(30 * time.Minute)
	h.settle(0)
	if n := h.count("hourly"); n != 2 {
		t.Errorf("%d runs half an hour later, want still 2", n)
	}
	h.clock.Advance(30 * time.Minute)
	h.settle(0)
	if n := h.count("hourly"); n != 3 {
		t.Errorf("%d runs an hour after the catch-up, want 3", n)
	}
}

func TestScheduler_NeverTwiceAtOnce(t *testing.T) {
	h := newHarness(t, every("slow", time.Minute), every("quick", time.Hour))
	h.block["slow"] = make(chan struct{})
	stop := h.start()
	defer stop()
	h.settle(1)
	for range 5 {
		h.clock.Advance(time.Hour) // "slow" is overdue again and again
		h.settle(1)
	}
	if n := h.count("quick"); n != 6 {
		t.Errorf("the quick schedule ran %d times beside a stuck one, want 6", n)
	}
	close(h.block["slow"])
	h.settle(0)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.most["slow"] != 1 {
		t.Errorf("the slow schedule ran %d times at once", h.most["slow"])
	}
	if n := len(h.runs["slow"]); n != 2 {
		t.Errorf("the slow schedule finished %d runs, want 2 (the stuck one, then one for the times it missed)", n)
	}
}

func TestScheduler_Retry(t *testing.T) {
	h := newHarness(t, every("busy", 24*time.Hour))
	h.fail["busy"] = ErrRetry
	stop := h.start()
	defer stop()
	h.settle(0)
	if n := h.count("busy"); n != 0 {
		t.Fatalf("%d runs, want 0 (the first attempt was postponed)", n)
	}
	h.clock.Advance(9 * time.Minute)
	h.settle(0)
	if n := h.count("busy"); n != 0 {
		t.Errorf("retried before RetryWait")
	}
	h.clock.Advance(time.Minute)
	h.settle(0)
	if n := h.count("busy"); n != 1 {
		t.Errorf("%d runs after RetryWait, want 1", n)
	}
}

func TestScheduler_Once(t *testing.T) {
	h := newHarness(t, every("a", time.Hour), every("b", time.Hour), annals.Schedule{Name: "later", Cron: "CRON_TZ=UTC 0 3 * * *", Created: t0})
	h.fail["b"] = errors.New("site down")
	res, err := h.s.Once(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Name != "a" || res[0].Err != nil || res[1].Name != "b" || res[1].Err == nil {
		t.Errorf("Once = %+v, want a ok and b failed", res)
	}
	res, _ = h.s.Once(context.Background())
	if len(res) != 0 {
		t.Errorf("a second Once ran %+v", res)
	}
}

func TestDue(t *testing.T) {
	t.Run("Cron", func(t *testing.T) {
		sc := annals.Schedule{Name: "nightly", Cron: "CRON_TZ=UTC 0 3 * * *", Created: t0}
		next, period, err := Nominal(&sc)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2024, 12, 5, 3, 0, 0, 0, time.UTC); !next.Equal(want) || period != 24*time.Hour {
			t.Errorf("Nominal = %v, %v; want %v, 24h", next, period, want)
		}
		sc.LastStart = time.Date(2024, 12, 20, 3, 0, 5, 0, time.UTC) // ran, then the daemon was down
		next, _, _ = Nominal(&sc)
		if want := time.Date(2024, 12, 21, 3, 0, 0, 0, time.UTC); !next.Equal(want) {
			t.Errorf("after a run Nominal = %v, want %v", next, want)
		}
	})
	t.Run("Jitter", func(t *testing.T) {
		for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
			sc := every(name, time.Hour)
			a, _ := Due(&sc, time.Minute)
			b, _ := Due(&sc, time.Minute)
			if !a.Equal(b) {
				t.Errorf("jitter of %s changes between calls", name)
			}
			if a.Before(t0) || !a.Before(t0.Add(time.Minute)) {
				t.Errorf("schedule %d due %v, want within a minute of %v", i, a, t0)
			}
			short := every(name, 5*time.Minute)
			if d, _ := Due(&short, time.Hour); !d.Before(t0.Add(30 * time.Second)) {
				t.Errorf("jitter %v exceeds a tenth of the period", d.Sub(t0))
			}
		}
	})
	t.Run("Errors", func(t *testing.T) {
		for _, sc := range []annals.Schedule{
			{Name: "none"},
			{Name: "both", Every: time.Hour, Cron: "@daily"},
			{Name: "bad", Cron: "61 * * * *"},
		} {
			if _, err := Due(&sc, 0); err == nil {
				t.Errorf("%s: no error", sc.Name)
			}
		}
	})
}
