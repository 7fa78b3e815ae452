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
func runMigrate(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "[--db PATH]")
	db := dbFlag(e, fs)
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
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "annals: migrate: %s is at archive schema %d\n", db(), archive.SchemaVersion)
	return nil
}
