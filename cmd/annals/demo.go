package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/annals-dev/annals/internal/sitegen"
)

// demoAddr is where the demo blog is served when the port is free.
const demoAddr = "127.0.0.1:48080"

// runDemo serves a small synthetic Blogger-style blog on loopback and crawls
// it into the archive with the normal crawler: a first run that needs no
// network access.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[--posts N] [--db PATH]")
	db := dbFlag(e, fs)
	posts := fs.Int("posts", 12, "number of posts on the demo blog")
	comments := fs.Int("comments", 3, "comments per post")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *posts < 1 || *posts > 100000 {
		return usagef("--posts must be between 1 and 100000")
	}
	if *comments < 0 {
		return usagef("--comments must not be negative")
	}
	nc := *comments
	if nc == 0 {
		nc = -1 // sitegen: negative means none
	}
	// A fixed port keeps the demo posts' URLs stable across runs (a second
	// run then finds them unchanged); any free port will do otherwise.
	ln, err := net.Listen("tcp", demoAddr)
	if err != nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return fmt.Errorf("start demo site: %w", err)
	}
	site := sitegen.New(sitegen.Options{Posts: *posts, CommentsPerPost: nc, Title: "Field Notes (annals demo)"})
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	seed := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stderr, "annals: demo: serving a %d-post demo blog at %s and crawling it into %s\n", *posts, seed, db())
	cf := &crawlFlags{}
	cf.opts.Depth = -1
	cf.opts.Parallel = 4
	cf.opts.Timeout = 30 * time.Second
	if err := doCrawl(ctx, e, db(), cf, []string{seed}); err != nil {
		var pe *partialError
		if !errors.As(err, &pe) {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "annals: demo: done; try: annals list --db %s   annals export --db %s | head -c 600\n", db(), db())
	return nil
}
