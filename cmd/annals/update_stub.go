package main

import (
	"context"
	"errors"
	"flag"
	"time"

	"github.com/annals-dev/annals/archive"
)

const updateUsage = "[--older-than DUR] [--site HOST] [flags]"

type updateFlags struct {
	crawlFlags
	olderThan time.Duration
	sites     []string
}

func (f *updateFlags) register(fs *flag.FlagSet) { f.registerOwn(fs) }
func (f *updateFlags) registerOwn(fs *flag.FlagSet) {
	fs.DurationVar(&f.olderThan, "older-than", 0, "")
}
func (f *updateFlags) validate() error { return nil }
func updateInto(context.Context, *env, *archive.Store, *updateFlags) error {
	return errors.New("not yet")
}
func runUpdate(context.Context, *env, []string) error { return errors.New("not yet") }
