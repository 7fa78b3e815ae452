package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/internal/sched"
)

const scheduleArgs = "add NAME --every DUR|--cron EXPR [--update] [flags] [URL...] | list | rm NAME"

func runSchedule(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("want a subcommand: %s", scheduleArgs)
	}
	// "schedule --db X list": flags before the subcommand go after it.
	if strings.HasPrefix(args[0], "-") && !slices.Contains([]string{"-h", "--help", "-help"}, args[0]) {
		for i, a := range args {
			if slices.Contains([]string{"add", "list", "ls", "rm", "remove"}, a) {
				args = append(append([]string{a}, args[:i]...), args[i+1:]...)
				break
			}
		}
	}
	switch args[0] {
	case "add":
		return runScheduleAdd(ctx, e, args[1:])
	case "list", "ls":
		return runScheduleList(ctx, e, args[1:])
	case "rm", "remove":
		return runScheduleRm(ctx, e, args[1:])
	case "-h", "--help", "-help", "help":
		fmt.Fprintf(e.stderr, "usage: annals schedule %s\n", scheduleArgs)
		return flag.ErrHelp
	}
	return usagef("unknown subcommand %q (want add, list or rm)", args[0])
}

// scheduleOwnFlags are the flags of "schedule add" itself; the others are
// the scheduled command's, stored as given.
var scheduleOwnFlags = map[string]bool{"every": true, "cron": true, "db": true, "update": false}

// commandArgs removes schedule add's own flags from args, leaving the
// scheduled command's flags and URLs in their order.
func commandArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takesValue, own := scheduleOwnFlags[name]
		if !strings.HasPrefix(a, "-") || !own {
			out = append(out, a)
			continue
		}
		if takesValue && !hasValue {
			i++ // its value
		}
	}
	return out
}

// parseScheduled checks a schedule's command line as its run will parse
// it, and returns what to run.
func parseScheduled(e *env, command string, args []string) (*crawlFlags, []string, *updateFlags, error) {
	switch command {
	case "crawl":
		fs := newFlags(e, "crawl", "[flags] URL...")
		var cf crawlFlags
		cf.register(fs)
		seeds, err := parse(fs, args)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := checkSeeds(seeds); err != nil {
			return nil, nil, nil, err
		}
		if err := cf.validate(); err != nil {
			return nil, nil, nil, err
		}
		return &cf, seeds, nil, nil
	case "update":
		fs := newFlags(e, "update", updateUsage)
		var uf updateFlags
		uf.register(fs)
		pos, err := parse(fs, args)
		if err != nil {
			return nil, nil, nil, err
		}
		if len(pos) > 0 {
			return nil, nil, nil, usagef("update takes no URL (%q); use --site", pos[0])
		}
		if err := uf.validate(); err != nil {
			return nil, nil, nil, err
		}
		return nil, nil, &uf, nil
	}
	return nil, nil, nil, fmt.Errorf("unknown command %q", command)
}

func runScheduleAdd(_ context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("want a schedule NAME first: annals schedule %s", scheduleArgs)
	}
	name, rest := args[0], args[1:]
	fs := newFlags(e, "schedule add", "NAME --every DUR|--cron EXPR [--update] [flags] [URL...]")
	db := dbFlag(e, fs)
	every := new(time.Duration)
	fs.Var(durationValue{every}, "every", "run at this interval (e.g. 6h or 1d), counted from the start of the last run")
	cronExpr := fs.String("cron", "", "run at the times of this cron expression (minute hour day month weekday, or @daily and the like; CRON_TZ=Zone first for another time zone)")
	update := fs.Bool("update", false, "run 'annals update' with the flags given instead of a crawl of the URLs")
	var cf crawlFlags
	cf.register(fs)
	var uf updateFlags
	uf.registerOwn(fs)
	if _, err := parse(fs, rest); err != nil {
		return err
	}
	sc := &annals.Schedule{Name: name, Every: *every, Cron: strings.TrimSpace(*cronExpr), Command: "crawl",
		Args: commandArgs(rest), Created: time.Now().UTC()}
	if *update {
		sc.Command = "update"
	}
	switch {
	case (sc.Every > 0) == (sc.Cron != ""):
		return usagef("give either --every DUR or --cron EXPR")
	case *every < 0:
		return usagef("--every must be positive")
	case *every > 0 && *every < time.Minute:
		return usagef("--every must be at least 1m")
	case strings.ContainsAny(name, "\n\t") || len(name) > 100:
		return usagef("bad schedule name %q", name)
	}
	if sc.Cron != "" {
		if _, err := sched.ParseCron(sc.Cron); err != nil {
			return usagef("%v", err)
		}
	}
	if _, _, _, err := parseScheduled(&env{stdout: io.Discard, stderr: io.Discard, getenv: e.getenv}, sc.Command, sc.Args); err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return err
		}
		return usagef("%v", err)
	}
	store, err := openShort(e, db())
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.AddSchedule(sc); err != nil {
		return err
	}
	next, _, _ := sched.Nominal(sc)
	fmt.Fprintf(e.stderr, "annals: schedule: added %s (%s), first run %s\n", name, when(sc), nextString(next, time.Now()))
	return nil
}

// openShort opens the archive for one short write (adding a schedule):
// it needs no writer lock, and waits like a reader for a running writer to
// step aside.
func openShort(e *env, path string) (*archive.Store, error) {
	return archive.Open(path, &archive.Options{Timeout: readWait, OnMigrate: upgradeProgress(e, path)})
}

func when(sc *annals.Schedule) string {
	if sc.Cron != "" {
		return "cron " + sc.Cron
	}
	return "every " + shortDuration(sc.Every)
}

// shortDuration prints 6h rather than 6h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func nextString(next, now time.Time) string {
	if !next.After(now) {
		return "due now"
	}
	return next.Local().Format("2006-01-02 15:04")
}

func runScheduleList(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "schedule list", "")
	db := dbFlag(e, fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()
	all, err := store.Schedules()
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(e.stderr, "annals: schedule: no schedules (add one with 'annals schedule add')")
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tWHEN\tNEXT RUN\tLAST RUN\tLAST RESULT\tRUNS")
	for i := range all {
		sc := &all[i]
		next := "?"
		if t, _, err := sched.Nominal(sc); err == nil {
			next = nextString(t, now)
		}
		last := "never"
		if !sc.LastStart.IsZero() {
			last = sc.LastStart.Local().Format("2006-01-02 15:04")
		}
		result := sc.LastResult
		if !sc.Attempt.IsZero() {
			next = "running"
			if !strings.Contains(archive.Holder(store.Path()), fmt.Sprintf("(pid %d,", sc.AttemptPID)) {
				next = "due now"
				result = "interrupted: " + strings.TrimPrefix(result, "interrupted: ")
			}
		}
		if result == "" {
			result = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", sc.Name, when(sc), next, last, oneLine(result, 90),
			oneLine(sc.Command+" "+strings.Join(sc.Args, " "), 80))
	}
	return tw.Flush()
}

func runScheduleRm(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "schedule rm", "NAME")
	db := dbFlag(e, fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one schedule NAME")
	}
	if _, err := os.Stat(db()); err != nil { // a missing archive has no schedules
		return fmt.Errorf("no archive at %s", db())
	}
	store, err := openShort(e, db())
	if err != nil {
		return err
	}
	defer store.Close()
	return store.RemoveSchedule(pos[0])
}

// checkSeeds checks that every seed is an http(s) URL.
func checkSeeds(seeds []string) error {
	if len(seeds) == 0 {
		return usagef("want at least one seed URL")
	}
	for _, s := range seeds {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("seed %q is not an http(s) URL", s)
		}
	}
	return nil
}
