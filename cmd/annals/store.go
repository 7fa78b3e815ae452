package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/annals-dev/annals/archive"
)

// How long commands wait for the archive (see the archive package for the
// design): a second long-running writer waits writerWait for the first
// and then fails naming it; a read command waits readWait for a writer to
// step aside (it does within a fraction of a second); a writer waits
// sharedWait for readers, such as a long export, to finish.
const (
	writerWait = 2 * time.Second
	readWait   = 5 * time.Second
	sharedWait = 10 * time.Minute
)

// writer is an archive opened by a long-running writer: its writer lock
// and a Shared store.
type writer struct {
	*archive.Store
	lock *archive.Lock
}

// openWriter takes the writer lock of the archive at path in the name of
// holder (a command line, shown to a second writer) and opens it Shared,
// upgrading an archive of an older schema (see upgradeProgress).
func openWriter(e *env, path, holder string) (*writer, error) {
	lock, err := archive.LockWriter(path, holder, writerWait)
	if err != nil {
		return nil, err
	}
	store, err := archive.Open(path, &archive.Options{Shared: true, Timeout: sharedWait, OnMigrate: upgradeProgress(e, path)})
	if err != nil {
		lock.Close()
		return nil, err
	}
	return &writer{Store: store, lock: lock}, nil
}

// Close closes the store, then releases the writer lock.
func (w *writer) Close() error {
	err := w.Store.Close()
	w.lock.Close()
	return err
}

// upgradeProgress reports the upgrade of an archive of an older schema,
// which a command opening it for writing does once: a line when it starts
// and one when it is done, and the posts moved on a terminal meanwhile.
func upgradeProgress(e *env, path string) func(done, total int) {
	term := isTerminal(e.stderr)
	return func(done, total int) {
		switch {
		case done == 0:
			fmt.Fprintf(e.stderr, "annals: upgrading %s to archive schema %d (%d posts); this happens once\n", path, archive.SchemaVersion, total)
		case done >= total:
			if term {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
			fmt.Fprintf(e.stderr, "annals: upgraded %s to archive schema %d\n", path, archive.SchemaVersion)
		case term:
			fmt.Fprintf(e.stderr, "\r\033[Kannals: upgrading: %d of %d posts", done, total)
		}
	}
}

// holderName describes a command to another process: "annals crawl
// https://example.org/".
func holderName(cmd string, args []string) string {
	s := "annals " + cmd
	if len(args) > 0 {
		s += " " + strings.Join(args, " ")
	}
	return s
}

// openRead opens the archive for a read command. A missing file is an error
// (reading must not create an empty archive).
func openRead(path string) (*archive.Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no archive at %s (crawl first, or pass --db)", path)
		}
		return nil, trimPathError(err)
	}
	return archive.Open(path, &archive.Options{ReadOnly: true, Timeout: readWait})
}
