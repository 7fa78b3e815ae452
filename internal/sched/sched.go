// Package sched decides when schedules ([annals.Schedule]) are due and runs
// them: the logic of "annals daemon", apart from the archive and the
// crawler, with an injectable [Clock] so that tests need not wait.
//
// A schedule is due at its nominal time plus a jitter. The nominal time
// of an --every schedule is the start of its last finished run plus the
// interval (its creation before the first run); that of a cron schedule is
// the first cron time after the last finished run started (after its
// creation before the first run). So a daemon that was down for a week
// runs each missed schedule once, not once per missed time. The jitter is
// a pseudo-random delay, the same for a given schedule and nominal time,
// of up to a tenth of the period, capped by [Scheduler.Jitter], so that
// schedules due at the same minute do not all start at once.
package sched

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/annals-dev/annals"
	"github.com/robfig/cron/v3"
)

// ParseCron parses a standard five-field cron expression (minute, hour,
// day of month, month, day of week), a descriptor such as "@daily" or
// "@every 6h", optionally after "CRON_TZ=Zone ". It uses
// github.com/robfig/cron/v3.
func ParseCron(expr string) (cron.Schedule, error) {
	cs, err := cron.ParseStandard(strings.TrimSpace(expr))
	if err != nil {
		return nil, fmt.Errorf("bad cron expression %q: %v", expr, err)
	}
	return cs, nil
}

// Nominal returns when sc is next due before jitter, and its period (the
// interval, or the gap between the next two cron times).
func Nominal(sc *annals.Schedule) (next time.Time, period time.Duration, err error) {
	base := sc.LastStart
	switch {
	case sc.Every > 0 && sc.Cron == "":
		if base.IsZero() {
			return sc.Created, sc.Every, nil
		}
		return base.Add(sc.Every), sc.Every, nil
	case sc.Cron != "" && sc.Every == 0:
		cs, err := ParseCron(sc.Cron)
		if err != nil {
			return time.Time{}, 0, err
		}
		if base.IsZero() {
			base = sc.Created
		}
		next = cs.Next(base)
		if next.IsZero() {
			return time.Time{}, 0, fmt.Errorf("cron expression %q never fires", sc.Cron)
		}
		return next, cs.Next(next).Sub(next), nil
	}
	return time.Time{}, 0, errors.New("schedule has neither an interval nor a cron expression")
}

// Due returns when sc is due: its nominal time plus a jitter of up to
// min(maxJitter, period/10).
func Due(sc *annals.Schedule, maxJitter time.Duration) (time.Time, error) {
	next, period, err := Nominal(sc)
	if err != nil {
		return time.Time{}, err
	}
	return next.Add(jitter(sc.Name, next, min(maxJitter, period/10))), nil
}

// jitter returns a delay in [0, limit), the same for a name and a time.
func jitter(name string, at time.Time, limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	h.Write([]byte(at.UTC().Format(time.RFC3339Nano)))
	return time.Duration(h.Sum64() % uint64(limit))
}

// Clock tells the time and waits; [System] is the real one.
type Clock interface {
	Now() time.Time
	// After sends the time on the returned channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// System is the real clock.
var System Clock = systemClock{}

// ErrRetry, returned (wrapped) by a Runner, means the run did not happen
// and should be tried again after [Scheduler.RetryWait] (the archive was
// busy, say).
var ErrRetry = errors.New("sched: try again later")

// Runner runs one schedule and records its result in the schedule's
// store (LastStart and the rest) before returning, so that the next Load
// sees it. ctx ends when the scheduler stops: the run should then finish
// the work in hand and return.
type Runner func(ctx context.Context, sc annals.Schedule) error

// Scheduler runs due schedules. Load and Run are required.
type Scheduler struct {
	// Load returns the current schedules; it is called before every
	// decision, so schedules added or removed meanwhile are seen.
	Load func(ctx context.Context) ([]annals.Schedule, error)
	// Run runs one schedule.
	Run Runner
	// Clock is the clock; nil means System.
	Clock Clock
	// Jitter caps the jitter added to due times; 0 means none.
	Jitter time.Duration
	// MaxRuns is how many schedules may run at once; 0 means 4. A run
	// that is slow or keeps failing holds one slot and never delays the
	// others beyond that.
	MaxRuns int
	// Poll is the longest the scheduler sleeps before loading the
	// schedules again; 0 means 30 seconds.
	Poll time.Duration
	// RetryWait is how long a schedule whose Run returned ErrRetry waits;
	// 0 means one minute.
	RetryWait time.Duration
	// Logger receives what the scheduler does; nil discards.
	Logger *slog.Logger
}

func (s *Scheduler) defaults() (Clock, int, time.Duration, time.Duration, *slog.Logger) {
	c, n, poll, retry, log := s.Clock, s.MaxRuns, s.Poll, s.RetryWait, s.Logger
	if c == nil {
		c = System
	}
	if n <= 0 {
		n = 4
	}
	if poll <= 0 {
		poll = 30 * time.Second
	}
	if retry <= 0 {
		retry = time.Minute
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c, n, poll, retry, log
}

// Result is what one run returned.
type Result struct {
	Name string
	Err  error
}

// Loop runs due schedules until ctx is done, then waits for the runs in
// progress (which see ctx done) and returns ctx's error. A schedule is
// never run twice at once. It returns early only when Load fails.
func (s *Scheduler) Loop(ctx context.Context) error {
	return s.loop(ctx, false, nil)
}

// Once runs the schedules due now, at most MaxRuns at a time, waits for
// them, and returns what each returned, by name. Schedules that come due
// while it waits are left for the next call.
func (s *Scheduler) Once(ctx context.Context) ([]Result, error) {
	var out []Result
	err := s.loop(ctx, true, &out)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

func (s *Scheduler) loop(ctx context.Context, once bool, results *[]Result) error {
	clock, maxRuns, poll, retryWait, log := s.defaults()
	running := map[string]bool{}
	notBefore := map[string]time.Time{} // after ErrRetry
	doneOnce := map[string]bool{}
	finished := make(chan Result)
	var wg sync.WaitGroup
	defer wg.Wait()
	var start time.Time
	for first := true; ; first = false {
		now := clock.Now()
		if first {
			start = now
		}
		var scheds []annals.Schedule
		var err error
		if ctx.Err() == nil {
			scheds, err = s.Load(ctx)
		}
		if err != nil {
			if len(running) == 0 {
				return err
			}
			log.Error("loading schedules failed", "err", err)
		}
		wake := now.Add(poll)
		type due struct {
			sc annals.Schedule
			at time.Time
		}
		var ready []due
		for _, sc := range scheds {
			if running[sc.Name] || doneOnce[sc.Name] {
				continue
			}
			at, err := Due(&sc, s.Jitter)
			if err != nil {
				log.Warn("schedule skipped", "schedule", sc.Name, "err", err)
				continue
			}
			if nb := notBefore[sc.Name]; nb.After(at) {
				at = nb
			}
			limit := now
			if once {
				limit = start
			}
			if at.After(limit) {
				if at.Before(wake) {
					wake = at
				}
				continue
			}
			ready = append(ready, due{sc, at})
		}
		sort.Slice(ready, func(i, j int) bool { return ready[i].at.Before(ready[j].at) })
		for _, d := range ready {
			if ctx.Err() != nil || len(running) >= maxRuns {
				break
			}
			sc := d.sc
			running[sc.Name] = true
			if once {
				doneOnce[sc.Name] = true
			}
			log.Info("run starts", "schedule", sc.Name, "due", d.at.Format(time.RFC3339))
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.Run(ctx, sc)
				finished <- Result{sc.Name, err}
			}()
		}
		if len(running) == 0 && (ctx.Err() != nil || (once && len(ready) == 0)) {
			return ctx.Err()
		}
		var tick <-chan time.Time
		if !once && ctx.Err() == nil {
			tick = clock.After(wake.Sub(now))
		}
		var stop <-chan struct{}
		if ctx.Err() == nil {
			stop = ctx.Done()
		}
		select {
		case r := <-finished:
			delete(running, r.Name)
			if errors.Is(r.Err, ErrRetry) {
				notBefore[r.Name] = clock.Now().Add(retryWait)
				log.Info("run postponed", "schedule", r.Name, "err", r.Err)
			} else {
				delete(notBefore, r.Name)
				log.Debug("run ended", "schedule", r.Name, "err", r.Err)
			}
			if results != nil {
				*results = append(*results, r)
			}
		case <-tick:
		case <-stop:
			log.Info("stopping: waiting for the runs in progress", "running", len(running))
		}
	}
}
