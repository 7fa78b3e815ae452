package archive

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// How processes share an archive file.
//
// bbolt locks the file (flock) for as long as it is open: exclusively for
// a writer, shared for readers. A Store opened with [Options.Shared] holds
// the file only while it has work to do: it releases it after
// [IdleRelease] without a transaction, and at once (after the transaction
// in hand) when another process is waiting for it. It reopens it, waiting
// for the lock, on its next transaction.
//
// A process waiting for the file says so by holding a shared flock on
// PATH.wait while it waits ([Open] does this); a Shared Store probes that
// file every [probeEvery]. So a read command started during a crawl gets
// the file within a fraction of a second, reads a consistent snapshot for
// as long as it needs, and the crawl then carries on.
//
// Two long-running writers (crawls, updates, the daemon's runs, imports)
// must not work on one archive at once: each would requeue the other's
// pages and duplicate its work. They take the writer lock ([LockWriter]),
// an exclusive flock on PATH.lock that also records who holds it, so the
// second one fails with one line naming the first. Short single writes
// (adding a schedule) need only bbolt's own lock.
//
// Every write is one bbolt transaction, atomic and synced before it
// returns, so releasing the file between transactions loses nothing, and a
// killed process leaves a consistent archive; flocks die with their
// process.

const (
	// IdleRelease is how long a Shared Store keeps the file open without a
	// transaction.
	IdleRelease = 500 * time.Millisecond
	// probeEvery is how often a Shared Store looks for waiting processes.
	probeEvery = 50 * time.Millisecond
	// yieldGap is how long a Shared Store that released the file for a
	// waiting process stays away from it: longer than bbolt's 50 ms lock
	// polling, so that the waiting process gets it.
	yieldGap = 120 * time.Millisecond
)

// ErrBusy is returned by [LockWriter] when another process holds the
// archive's writer lock for longer than the timeout. The error's text
// names the holder when it is known.
var ErrBusy = errors.New("archive: another process is writing the archive")

// Lock is an archive's writer lock, held until Close.
type Lock struct {
	f *os.File
}

// LockWriter takes the writer lock of the archive at path (the file
// PATH.lock, created when missing), waiting up to timeout (0 does not wait)
// for another holder to let go. holder describes this process to others
// ("annals crawl https://example.org/"); the process id and the time are
// added. It returns an error wrapping [ErrBusy], naming the holder, when
// the lock stays taken. The caller must Close the Lock.
func LockWriter(path, holder string, timeout time.Duration) (*Lock, error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, wrap(err, "lock %s: %v", path, cause(err))
	}
	deadline := time.Now().Add(timeout)
	for {
		ok, err := tryLock(f, true)
		if err != nil {
			f.Close()
			return nil, wrap(err, "lock %s: %v", path, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			who := readHolder(f)
			f.Close()
			if who == "" {
				who = "another process"
			}
			return nil, wrap(ErrBusy, "%s is being written by %s; try again when it is done", path, who)
		}
		time.Sleep(50 * time.Millisecond)
	}
	line := fmt.Sprintf("%s (pid %d, since %s)\n", oneLine(holder), os.Getpid(), time.Now().Format("2006-01-02 15:04:05"))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(line), 0)
	}
	return &Lock{f: f}, nil
}

// Close releases the lock. The file stays, empty.
func (l *Lock) Close() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	_ = unlock(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}

// Holder returns who holds the writer lock of the archive at path, as
// recorded in PATH.lock, or "" when nobody does or it is not known.
func Holder(path string) string {
	f, err := os.Open(path + ".lock")
	if err != nil {
		return ""
	}
	defer f.Close()
	if ok, err := tryLock(f, false); err == nil && ok {
		_ = unlock(f)
		return "" // nobody holds it
	}
	return readHolder(f)
}

func readHolder(f *os.File) string {
	b := make([]byte, 512)
	n, _ := f.ReadAt(b, 0)
	return strings.TrimSpace(string(bytes.ToValidUTF8(b[:n], nil)))
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// waitSignal is the PATH.wait file: processes waiting for the archive hold
// a shared lock on it, and Shared Stores probe it.
type waitSignal struct {
	f *os.File
}

// openWaitSignal opens (creating it when it can) the wait file of path; nil
// when it cannot, in which case nobody is told.
func openWaitSignal(path string) *waitSignal {
	f, err := os.OpenFile(path+".wait", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		f, err = os.Open(path + ".wait")
	}
	if err != nil {
		return nil
	}
	return &waitSignal{f: f}
}

// announce holds a shared lock: "I am waiting for the archive".
func (w *waitSignal) announce() {
	if w != nil {
		_, _ = tryLockWait(w.f)
	}
}

// withdraw drops the shared lock.
func (w *waitSignal) withdraw() {
	if w != nil {
		_ = unlock(w.f)
	}
}

// waiting reports whether another process announced that it waits.
func (w *waitSignal) waiting() bool {
	if w == nil {
		return false
	}
	ok, err := tryLock(w.f, true)
	if err != nil {
		return false
	}
	if ok {
		_ = unlock(w.f)
		return false
	}
	return true
}

func (w *waitSignal) close() {
	if w != nil {
		_ = w.f.Close()
	}
}
