// Command annals archives blog and analysis posts: it crawls sites, extracts
// each post's title, dates, authors, body and comments, and keeps versioned
// snapshots in one bbolt file.
//
// Run "annals help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	// Site time zones (a WordPress site's timezone_string) resolve on
	// machines without a zoneinfo database.
	_ "time/tzdata"

	"github.com/annals-dev/annals/crawler"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes, as the contract (CONTRACT.md) defines them.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitPartial = 3
)

// defaultDB is the archive used when neither --db nor ANNALS_DB is given.
const defaultDB = "annals.db"

func main() {
	crawler.Version = version
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("ANNALS_CPUPROFILE"))
	if len(os.Args) > 1 {
		tuneGC(os.Args[1], os.Getenv)
	}
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// crawlGCPercent is the garbage collector's target for the commands that
// crawl. Their live heap is small and flat (the frontier is in the
// archive), but every page parsed is garbage a moment later: at Go's
// default of 100 the collector takes about a sixth of a crawl's CPU. At
// 400 it takes a third of that, for a resident set that stays flat, some
// 25 MB higher (see the crawl benchmark).
const crawlGCPercent = 400

// crawlMemoryLimit is the soft limit on the Go heap those commands set:
// above it the collector runs as often as it must, whatever the target.
const crawlMemoryLimit = 1 << 30

// tuneGC sets the collector for the commands that read pages in bulk
// (crawl, update, daemon, demo, reextract), unless the user's GOGC or GOMEMLIMIT already does.
func tuneGC(cmd string, getenv func(string) string) {
	switch cmd {
	case "crawl", "update", "daemon", "demo", "reextract":
	default:
		return
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(crawlGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(crawlMemoryLimit)
	}
}

// startProfile writes a CPU profile of the whole run to path, when set
// (ANNALS_CPUPROFILE: for the crawl benchmark's CPU by stage, and for
// anyone asking where a slow run's time goes). It returns the stop.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "annals: ANNALS_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "annals: ANNALS_CPUPROFILE:", err)
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// env carries a command's streams and settings.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError is a command line that cannot be run as given: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// partialError reports a run that finished but where some pages failed: exit 3.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

type command struct {
	name, args, help string
	run              func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"extract", "[--url URL] [--explain] FILE|-", "extract one saved page and print its post as JSON", runExtract},
		{"crawl", "[flags] URL...", "crawl sites from the seed URLs and archive every post", runCrawl},
		{"update", updateUsage, "re-fetch archived posts with conditional requests, find new ones, mark gone ones", runUpdate},
		{"export", exportArgs, "write archived posts as JSON, JSON Lines, CSV or WARC", runExport},
		{"reextract", reextractArgs, "read every archived post's stored page again with this build's extractor: a new version (cause extractor) where it reads differently", runReextract},
		{"import", "FILE|-...", "bring exported JSON Lines (or JSON) back into an archive; importing twice adds nothing", runImport},
		{"list", "[--site HOST]", "one line per archived post", runList},
		{"show", "URL [--version N] [--json]", "one archived post", runShow},
		{"history", "URL [--fetches]", "the versions of one post and what changed (--fetches: every fetch and check too)", runHistory},
		{"diff", "URL [A B]", "what changed between two versions of a post (default: the last two)", runDiff},
		{"stats", "", "what the archive holds", runStats},
		{"migrate", "[--compact]", "upgrade an archive written by an older annals (commands that write do it first); --compact: then rewrite it without its free pages", runMigrate},
		{"schedule", scheduleArgs, "recurring crawls and updates, kept in the archive", runSchedule},
		{"daemon", "[--once] [--jitter DUR] [--max-runs N]", "run due schedules until SIGINT/SIGTERM (--once: those due now)", runDaemon},
		{"demo", "[--posts N]", "crawl a built-in demo blog served on 127.0.0.1 (no network needed)", runDemo},
		{"version", "", "print the version", func(_ context.Context, e *env, _ []string) error {
			fmt.Fprintln(e.stdout, "annals", version)
			return nil
		}},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: annals COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command that reads or writes the archive takes --db PATH (default ./annals.db, or $ANNALS_DB).")
	fmt.Fprintln(w, "Run 'annals COMMAND -h' for a command's flags.")
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		usage(stdout)
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, args[1:])
		return report(stderr, name, err)
	}
	fmt.Fprintf(stderr, "annals: unknown command %q (run 'annals help')\n", name)
	return exitUsage
}

// report prints err as one line and maps it to an exit code.
func report(stderr io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	var ue *usageError
	var pe *partialError
	var qe *quietError
	switch {
	case errors.As(err, &qe):
		return qe.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "annals: %s: %s\n", name, msg)
		return exitUsage
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "annals: %s: %s\n", name, msg)
		return exitPartial
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "annals: %s: interrupted\n", name)
		return exitFailed
	}
	fmt.Fprintf(stderr, "annals: %s: %s\n", name, msg)
	return exitFailed
}

// newFlags returns a FlagSet that reports errors instead of exiting and
// prints its usage to e.stderr.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: annals %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseNoArgs parses flags for a command that takes no positional
// arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}

// parse parses flags that may come before or after positional arguments
// ("show URL --version 2") and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	// flag prints the usage on every error; print it only for -h, so a
	// bad flag gives one line.
	usage := fs.Usage
	fs.Usage = func() {}
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				usage()
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// dbFlag adds --db to fs; the returned func gives the path to use.
func dbFlag(e *env, fs *flag.FlagSet) func() string {
	p := fs.String("db", "", "archive file (default $ANNALS_DB or ./"+defaultDB+")")
	return func() string {
		if *p != "" {
			return *p
		}
		if v := e.getenv("ANNALS_DB"); v != "" {
			return v
		}
		return defaultDB
	}
}
