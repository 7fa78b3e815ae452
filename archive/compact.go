package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compact rewrites the archive at path without the free pages bbolt keeps
// in it (bbolt never gives pages back to the file system: an upgrade, or
// years of rewritten summaries, leave room the file keeps), and returns its
// size before and after. It copies the archive into PATH.compact, every
// page packed full, checks that the copy holds as many posts, versions,
// fetches and raw pages, and renames it over path; the original is never
// written, and a crash before the rename leaves it as it was. It needs the
// file to itself: it upgrades an older schema first, waits up to timeout
// for the lock, and the caller holds the writer lock ([LockWriter]) so
// that no writer starts meanwhile.
func Compact(path string, timeout time.Duration) (before, after int64, err error) {
	src, err := Open(path, &Options{Timeout: timeout})
	if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, wrap(err, "compact %s: %v", path, cause(err))
	}
	before = fi.Size()
	want, err := src.Stats(context.Background())
	if err != nil {
		return 0, 0, err
	}

	tmp := path + ".compact"
	if err := os.Remove(tmp); err != nil && !os.IsNotExist(err) {
		return 0, 0, wrap(err, "compact %s: %v", path, cause(err))
	}
	defer os.Remove(tmp) // gone by rename when all went well
	dst, err := openBolt(tmp, Options{Timeout: timeout})
	if err != nil {
		return 0, 0, wrap(err, "compact %s: %v", path, cause(err))
	}
	err = src.withDB(func(db *bolt.DB) error { return bolt.Compact(dst, db, 64<<20) })
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, wrap(err, "compact %s: %v", path, err)
	}

	// The copy holds what the original holds, before it replaces it.
	c, err := Open(tmp, &Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return 0, 0, err
	}
	got, err := c.Stats(context.Background())
	c.Close()
	os.Remove(tmp + ".wait") // the signal file Open made beside the copy
	if err != nil {
		return 0, 0, err
	}
	if got.Posts != want.Posts || got.Versions != want.Versions || got.Fetches != want.Fetches ||
		got.Blobs != want.Blobs || got.RawBytes != want.RawBytes {
		return 0, 0, fmt.Errorf("archive: compact %s: the copy differs (%+v, want %+v); the archive is left as it was", path, got, want)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, 0, wrap(err, "compact %s: %v", path, cause(err))
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // the rename, durable
		d.Close()
	}
	if fi, err := os.Stat(path); err == nil {
		after = fi.Size()
	}
	return before, after, nil
}
