package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/internal/sched"
)

// runDaemon runs due schedules until SIGINT or SIGTERM, or, with --once,
// those due now.
func runDaemon(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "daemon", "[--once] [--jitter DUR] [--max-runs N] [--quiet]")
	db := dbFlag(e, fs)
	once := fs.Bool("once", false, "run the schedules due now, wait for them and exit (for system cron)")
	jitter := fs.Duration("jitter", time.Minute, "delay each run by up to this much (and at most a tenth of its period), the same for a schedule and a time; 0 for none")
	maxRuns := fs.Int("max-runs", 4, "schedules run at once")
	poll := fs.Duration("poll", 30*time.Second, "how often to look for schedules added or changed by other processes")
	quiet := fs.Bool("quiet", false, "log only warnings and errors")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("unexpected argument %q", pos[0])
	case *jitter < 0:
		return usagef("--jitter must not be negative")
	case *maxRuns < 1:
		return usagef("--max-runs must be at least 1")
	case *poll < time.Second:
		return usagef("--poll must be at least 1s")
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))

	if _, err := os.Stat(db()); err != nil { // a missing archive has no schedules
		return fmt.Errorf("no archive at %s (add schedules first, or pass --db)", db())
	}
	store, err := archive.Open(db(), &archive.Options{Shared: true, Timeout: sharedWait, OnMigrate: upgradeProgress(e, db())})
	if err != nil {
		return err
	}
	defer store.Close()
	d := &daemon{e: e, store: store, log: log, lock: &refLock{path: db(), holder: "annals daemon"}}
	if *once {
		d.wait = writerWait
	}
	s := &sched.Scheduler{
		Load:    func(context.Context) ([]annals.Schedule, error) { return store.Schedules() },
		Run:     d.run,
		Jitter:  *jitter,
		MaxRuns: *maxRuns,
		Poll:    *poll,
		Logger:  log,
	}
	if !*once {
		log.Info("daemon started", "archive", db(), "pid", os.Getpid())
		err := s.Loop(ctx)
		if errors.Is(err, context.Canceled) {
			log.Info("daemon stopped: runs in progress finished their pages, the archive is closed")
			return nil
		}
		return err
	}

	results, err := s.Once(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var failed, partial, ok []string
	for _, r := range results {
		var pe *partialError
		switch {
		case r.Err == nil:
			ok = append(ok, r.Name)
		case errors.As(r.Err, &pe):
			partial = append(partial, r.Name)
		default:
			failed = append(failed, r.Name)
		}
	}
	line := fmt.Sprintf("%d schedules run", len(results))
	if len(failed) > 0 {
		line += ", failed: " + strings.Join(failed, ", ")
	}
	if len(partial) > 0 {
		line += ", some pages failed: " + strings.Join(partial, ", ")
	}
	switch {
	case len(failed) > 0:
		return errors.New(line + " (see the log above; 'annals schedule list' has the results)")
	case len(partial) > 0:
		return &partialError{line}
	}
	if !*quiet {
		fmt.Fprintf(e.stderr, "annals: daemon: %s\n", line)
	}
	return nil
}

// daemon runs schedules into one archive.
type daemon struct {
	e     *env
	store *archive.Store
	log   *slog.Logger
	lock  *refLock
	wait  time.Duration // for the writer lock; 0: try again later
}

// refLock holds the archive's writer lock while at least one run needs it:
// runs of one daemon share it, other writers wait between them.
type refLock struct {
	mu     sync.Mutex
	n      int
	l      *archive.Lock
	path   string
	holder string
}

func (r *refLock) acquire(wait time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == 0 {
		l, err := archive.LockWriter(r.path, r.holder, wait)
		if err != nil {
			return err
		}
		r.l = l
	}
	r.n++
	return nil
}

func (r *refLock) release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n--; r.n == 0 {
		r.l.Close()
		r.l = nil
	}
}

// run runs one schedule and records its result in the archive. A run that
// SIGINT or SIGTERM interrupts is recorded as such and stays due: the next
// one continues it (a crawl's frontier is in the archive).
func (d *daemon) run(ctx context.Context, sc annals.Schedule) error {
	log := d.log.With("schedule", sc.Name)
	if err := d.lock.acquire(d.wait); err != nil {
		if d.wait == 0 && errors.Is(err, archive.ErrBusy) {
			log.Warn("archive busy, will try again", "err", err)
			return fmt.Errorf("%w: %v", sched.ErrRetry, err)
		}
		log.Error("run failed", "err", err)
		return err
	}
	defer d.lock.release()

	// Another process may have run it meanwhile, or removed it.
	cur, err := d.store.Schedule(sc.Name)
	if errors.Is(err, archive.ErrNoSchedule) {
		return nil
	}
	if err != nil {
		return err
	}
	if !cur.LastStart.Equal(sc.LastStart) {
		log.Info("already run by another process")
		return nil
	}
	start := time.Now().UTC()
	if err := d.store.UpdateSchedule(sc.Name, func(s *annals.Schedule) error {
		s.Attempt, s.AttemptPID = start, os.Getpid()
		s.LastResult = "running since " + start.Local().Format("2006-01-02 15:04")
		return nil
	}); err != nil {
		return err
	}

	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: d.e.getenv}
	cf, seeds, uf, err := parseScheduled(e, cur.Command, cur.Args)
	if err == nil {
		if uf != nil {
			err = updateInto(ctx, e, d.store, uf)
		} else {
			cf.quiet = false
			err = crawlInto(ctx, e, d.store, cf, seeds)
		}
	}
	var msg bytes.Buffer
	code := report(&msg, cur.Command, err)
	result := lastLine(msg.String())
	if result == "" {
		result = lastLine(out.String())
	}
	result = strings.TrimPrefix(result, "annals: "+cur.Command+": ")
	interrupted := ctx.Err() != nil && code != exitOK
	if interrupted {
		result = "interrupted: " + result
	}
	rerr := d.store.UpdateSchedule(sc.Name, func(s *annals.Schedule) error {
		s.LastResult = result
		if !interrupted {
			s.LastStart, s.LastEnd, s.LastCode = start, time.Now().UTC(), code
			s.Attempt, s.AttemptPID = time.Time{}, 0
		}
		return nil
	})
	switch {
	case interrupted:
		log.Warn("run interrupted; it continues on the next run", "result", result)
	case code == exitOK:
		log.Info("run finished", "result", result, "took", time.Since(start).Round(time.Millisecond))
	default:
		for _, l := range failedLines(out.String()) {
			log.Warn("failed page", "page", l)
		}
		log.Warn("run finished with errors", "code", code, "result", result)
	}
	if rerr != nil && !errors.Is(rerr, archive.ErrNoSchedule) {
		log.Error("recording the result failed", "err", rerr)
	}
	switch code {
	case exitOK:
		return nil
	case exitPartial:
		return &partialError{result}
	}
	return errors.New(result)
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// failedLines returns the "  URL: cause" lines a crawl prints for failed
// pages.
func failedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "  ") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	sort.Strings(out)
	return out
}
