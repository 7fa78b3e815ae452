package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/annals-dev/annals/archive"
)

// runMigrate upgrades an archive written by an older annals to this
// build's schema: what any command that opens it for writing does first,
// as a command of its own, for archives that are otherwise only read.
// With --compact it then rewrites the file without the room bbolt keeps in
// it (after an upgrade, most of the old file).
func runMigrate(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "[--compact] [--db PATH]")
	db := dbFlag(e, fs)
	compact := fs.Bool("compact", false, "then rewrite the file without its free pages (needs room for a copy)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if _, err := os.Stat(db()); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no archive at %s (nothing to upgrade; pass --db)", db())
		}
		return trimPathError(err)
	}
	w, err := openWriter(e, db(), holderName("migrate", args))
	if err != nil {
		return err
	}
	// The writer lock stays held through the compaction: no crawl or
	// update starts meanwhile.
	if err := w.Store.Close(); err != nil {
		w.lock.Close()
		return err
	}
	defer w.lock.Close()
	fmt.Fprintf(e.stderr, "annals: migrate: %s is at archive schema %d\n", db(), archive.SchemaVersion)
	if !*compact {
		return nil
	}
	before, after, err := archive.Compact(db(), sharedWait)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "annals: migrate: compacted %s from %s to %s\n", db(), humanBytes(before), humanBytes(after))
	return nil
}
