package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long [Open] waits for the file lock when
// [Options.Timeout] is zero.
const DefaultTimeout = 2 * time.Second

var (
	// ErrNotFound is returned when a post key, or a version number of a post,
	// is not in the archive.
	ErrNotFound = errors.New("archive: post not found")
	// ErrLocked is returned by [Open] when another process holds the file
	// lock for longer than [Options.Timeout].
	ErrLocked = errors.New("archive: file is locked by another process")
	// ErrNotArchive is returned by [Open] for a file that is not an annals
	// archive: not a bbolt file, truncated, corrupt, or a bbolt file of
	// another program. Any method returns it, naming the file, if bbolt finds
	// a corrupt page later.
	ErrNotArchive = errors.New("archive: not an annals archive")
	// ErrSchema is returned by [Open] for an archive written by a newer
	// annals whose schema version is above [SchemaVersion].
	ErrSchema = errors.New("archive: unsupported schema version")
	// ErrUpgrade is returned by [Open] for an archive of an older schema
	// opened read-only: opening it for writing once upgrades it.
	ErrUpgrade = errors.New("archive: archive needs upgrading")
)

// Options configures [Open]. The zero value (or a nil *Options) opens the
// file read-write, creating it if needed, and waits [DefaultTimeout] for the
// lock.
type Options struct {
	// Timeout is how long Open waits for the file lock before returning
	// ErrLocked. Zero means DefaultTimeout; a negative value does not wait.
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock: other read-only Stores may
	// open it too, writes fail, and a missing file is an error rather than
	// created.
	ReadOnly bool
	// Now is the clock used when a time is not given (a zero
	// Fetch.FetchedAt, the creation time of a new file). Nil means time.Now.
	Now func() time.Time
	// Shared holds the file only while there is work: the Store releases
	// it when idle for IdleRelease and, after the transaction in hand, as
	// soon as another process waits for it, and takes it back (waiting up
	// to Timeout) on its next transaction. Without it the file is locked
	// from Open to Close. A long-running writer sets it so that read
	// commands get the file meanwhile; see the package documentation.
	// Each method call is still one consistent transaction, but two calls
	// may see another process's writes between them.
	Shared bool
	// OnMigrate, when not nil, is called as Open upgrades a file of an
	// older schema, with the number of posts done and in all (see
	// migrate.go). Opening such a file read-only fails with
	// [ErrUpgrade] instead.
	OnMigrate func(done, total int)

	// migrateBatches, when positive, stops a migration with an error after
	// that many transactions: a test's interruption.
	migrateBatches int
}

// Store is an open archive file. It is safe for concurrent use by multiple
// goroutines. Close it to release the file lock.
type Store struct {
	// gate is held shared by every transaction and exclusively to open or
	// release the file.
	gate     sync.RWMutex
	db       *bolt.DB // nil while a Shared Store has released the file
	opts     Options
	path     string
	now      func() time.Time
	readOnly bool
	closed   bool
	released time.Time // when the file was last released to a waiting process

	codec   *codec
	crawl   crawlFile // the crawl state's own file (crawlfile.go)
	wait    *waitSignal
	lastUse atomic.Int64 // UnixNano of the last transaction's end
	open    atomic.Bool  // db != nil, for the watcher
	stop    chan struct{}
	stopped chan struct{}
}

// emptyFileWait is how long a reader waits for a new archive's first pages.
const emptyFileWait = 2 * time.Second

// Open opens the archive at path, creating it (mode 0o644) unless
// opts.ReadOnly is set. opts may be nil.
//
// The error is one line naming path. errors.Is reports [ErrLocked] when
// another process holds the lock past the timeout, [ErrNotArchive] for a file
// that is not an annals archive, [ErrSchema] for a newer schema and
// [fs.ErrNotExist] for a missing file opened read-only. The caller must Close
// the returned Store.
func Open(path string, opts *Options) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}

	fi, err := os.Stat(path)
	if err == nil && fi.Size() == 0 && o.ReadOnly {
		// A writer that has just created the file writes its first
		// pages a moment later: a reader that came in between waits for
		// them rather than calling the archive empty.
		for deadline := time.Now().Add(min(o.Timeout, emptyFileWait)); err == nil && fi.Size() == 0 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			fi, err = os.Stat(path)
		}
	}
	switch {
	case err == nil && fi.IsDir():
		return nil, wrap(ErrNotArchive, "open %s: is a directory", path)
	case err == nil && fi.Size() == 0 && o.ReadOnly:
		return nil, wrap(ErrNotArchive, "open %s: empty file", path)
	case err == nil && fi.Size() > 0:
		if why := checkHeader(path, fi.Size()); why != "" {
			return nil, wrap(ErrNotArchive, "open %s: not an annals archive (%s)", path, why)
		}
	case errors.Is(err, fs.ErrNotExist) && o.ReadOnly:
		return nil, wrap(fs.ErrNotExist, "open %s: no such file", path)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, wrap(err, "open %s: %v", path, cause(err))
	}

	s := &Store{opts: o, path: path, now: o.Now, readOnly: o.ReadOnly, codec: newCodec(), wait: openWaitSignal(path)}
	db, err := s.openFile()
	if err != nil {
		s.wait.close()
		return nil, err
	}
	s.db = db
	s.open.Store(true)
	if err := s.init(); err != nil {
		_ = db.Close()
		s.wait.close()
		return nil, err
	}
	if o.Shared {
		s.stop, s.stopped = make(chan struct{}), make(chan struct{})
		s.lastUse.Store(time.Now().UnixNano())
		go s.watch()
	}
	return s, nil
}

// openFile opens the bbolt file, announcing on PATH.wait while it waits for
// the lock so that a Shared Store holding it lets go.
func (s *Store) openFile() (*bolt.DB, error) {
	s.wait.announce()
	db, err := openBolt(s.path, s.opts)
	s.wait.withdraw()
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			who := ""
			if h := Holder(s.path); h != "" {
				who = " (" + h + ")"
			}
			return nil, wrap(ErrLocked, "open %s: file is locked by another process%s", s.path, who)
		case errors.Is(err, ErrNotArchive),
			errors.Is(err, berrors.ErrInvalid),
			errors.Is(err, berrors.ErrVersionMismatch),
			errors.Is(err, berrors.ErrChecksum):
			return nil, wrap(ErrNotArchive, "open %s: not an annals archive (%v)", s.path, cause(err))
		}
		return nil, wrap(err, "open %s: %v", s.path, cause(err))
	}
	return db, nil
}

// watch releases a Shared Store's file when it is idle or another process
// waits for it, until Close.
func (s *Store) watch() {
	defer close(s.stopped)
	t := time.NewTicker(probeEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		if !s.open.Load() {
			continue
		}
		idle := time.Since(time.Unix(0, s.lastUse.Load())) >= IdleRelease
		if idle || s.wait.waiting() {
			s.release(!idle)
		}
	}
}

// release closes the file of a Shared Store, after the transactions in
// progress; yield keeps it away from the file for yieldGap.
func (s *Store) release(yield bool) {
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.db == nil || s.closed {
		return
	}
	_ = s.db.Close()
	s.db = nil
	s.open.Store(false)
	if yield {
		s.released = time.Now()
	}
}

// acquire returns the open bbolt file with s.gate held shared; the caller
// calls s.done. A Shared Store that released the file opens it again.
func (s *Store) acquire() (*bolt.DB, error) {
	for {
		s.gate.RLock()
		if s.db != nil {
			return s.db, nil
		}
		closed := s.closed
		s.gate.RUnlock()
		if closed {
			return nil, wrap(berrors.ErrDatabaseNotOpen, "%s: archive is closed", s.path)
		}
		s.gate.Lock()
		if s.db == nil && !s.closed {
			if d := yieldGap - time.Since(s.released); d > 0 {
				time.Sleep(d)
			}
			db, err := s.openFile()
			if err != nil {
				s.gate.Unlock()
				return nil, err
			}
			s.db = db
			s.lastUse.Store(time.Now().UnixNano())
			s.open.Store(true)
		}
		s.gate.Unlock()
	}
}

// done ends what acquire started.
func (s *Store) done() {
	if s.stop != nil {
		s.lastUse.Store(time.Now().UnixNano())
	}
	s.gate.RUnlock()
}

// pageSize is the page size of the files Open creates.
const pageSize = 16 << 10

// openBolt calls bolt.Open, turning a panic on a corrupt file into an error.
// bbolt does not close the file when it panics, so openBolt does. The memory
// map bbolt made stays, and keeps the file locked until the process exits:
// checkHeader screens out the files known to make bolt.Open panic.
func openBolt(path string, o Options) (db *bolt.DB, err error) {
	var file *os.File
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				_ = file.Close()
			}
			db, err = nil, &wrapError{msg: fmt.Sprint("corrupt file: ", r), err: ErrNotArchive}
		}
	}()
	bo := *bolt.DefaultOptions
	bo.Timeout = o.Timeout
	bo.ReadOnly = o.ReadOnly
	// A new file gets 16 kB pages: what an archive mostly holds is
	// compressed pages and versions of one to two kilobytes, which pack
	// into them with little room left over (two to a 4 kB page leave a
	// sixth of it empty).
	bo.PageSize = pageSize
	bo.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	db, err = bolt.Open(path, 0o644, &bo)
	if db != nil {
		// bbolt grows a file past 16 MiB by 16 MiB more than it needs
		// at a time; a megabyte keeps the file near its data for a few
		// more syncs.
		db.AllocSize = 1 << 20
	}
	return db, err
}

// init checks the meta bucket and schema, lays out a new file and
// upgrades one of an older schema.
func (s *Store) init() error {
	var schema int
	var empty bool
	err := s.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			k, _ := tx.Cursor().First()
			empty = k == nil
			return nil
		}
		v, err := strconv.Atoi(string(meta.Get(metaSchema)))
		if err != nil || v < 1 {
			return fmt.Errorf("no schema version")
		}
		schema = v
		need := schemaBuckets
		if v == 1 {
			need = [][]byte{bucketPosts, bucketVersions, bucketAliases}
		}
		for _, name := range need {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("no %s bucket", name)
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrNotArchive):
		return err
	case err != nil:
		return wrap(ErrNotArchive, "open %s: not an annals archive (%v)", s.path, err)
	case schema > SchemaVersion:
		return wrap(ErrSchema, "open %s: unsupported schema version %d (this annals reads up to %d)",
			s.path, schema, SchemaVersion)
	case schema == SchemaVersion:
		return nil
	case schema > 0 && s.readOnly:
		return wrap(ErrUpgrade, "open %s: written by an older annals (schema %d); open it for writing once to upgrade it (annals migrate --db %s)",
			s.path, schema, s.path)
	case schema > 0:
		return s.migrate()
	case !empty:
		return wrap(ErrNotArchive, "open %s: not an annals archive (bbolt file without annals buckets)", s.path)
	case s.readOnly:
		return wrap(ErrNotArchive, "open %s: not an annals archive (empty bbolt file)", s.path)
	}
	err = s.update(func(tx *bolt.Tx) error {
		for _, name := range append(schemaBuckets, bucketMeta) {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(metaSchema, []byte(strconv.Itoa(SchemaVersion))); err != nil {
			return err
		}
		return meta.Put(metaCreated, []byte(s.now().UTC().Format(time.RFC3339Nano)))
	})
	if err != nil {
		return wrap(err, "open %s: create buckets: %v", s.path, err)
	}
	return nil
}

// Close releases the file lock. It waits for running transactions to end.
// Using the Store after Close returns errors.
func (s *Store) Close() error {
	if s.stop != nil {
		select {
		case <-s.stop:
		default:
			close(s.stop)
		}
		<-s.stopped
	}
	crawlErr := s.closeCrawl()
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.closed {
		return crawlErr
	}
	s.closed = true
	s.wait.close()
	s.codec.close()
	if s.db == nil {
		return crawlErr
	}
	db := s.db
	s.db = nil
	s.open.Store(false)
	if err := db.Close(); err != nil {
		return wrap(err, "close %s: %v", s.path, err)
	}
	return crawlErr
}

// Path returns the path the Store was opened with.
func (s *Store) Path() string { return s.path }

// view and update run a bbolt transaction, turning a panic or memory fault
// caused by a corrupt file into an error.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	return s.withDB(func(db *bolt.DB) error { return db.View(fn) })
}

// withDB runs fn on the open database: it takes the file through the
// Store's gate (a Shared Store may have released it) and turns a panic or
// memory fault caused by a corrupt file into an error.
func (s *Store) withDB(fn func(*bolt.DB) error) (err error) {
	db, err := s.acquire()
	if err != nil {
		return err
	}
	defer s.done()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(s.path, &err)
	return fn(db)
}

// viewIfOpen runs fn in a read transaction if the file is open, without
// opening it or counting as use.
func (s *Store) viewIfOpen(fn func(*bolt.Tx) error) (err error) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	if s.db == nil {
		return nil
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(s.path, &err)
	return s.db.View(fn)
}

func (s *Store) update(fn func(*bolt.Tx) error) error {
	return s.withDB(func(db *bolt.DB) error { return db.Update(fn) })
}

// recoverCorrupt, deferred, turns a panic or memory fault that the
// corrupt file at path caused into *err.
func recoverCorrupt(path string, err *error) {
	if r := recover(); r != nil {
		if u, ok := r.(userPanic); ok {
			panic(u.v) // the caller's bug, not a corrupt file
		}
		*err = wrap(ErrNotArchive, "%s: corrupt file: %v", path, r)
	}
}

// wrapError is an error whose text carries a single "archive:" prefix while
// errors.Is still finds the sentinel or cause it wraps.
type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

// wrap returns an error reading "archive: " + the formatted text, wrapping err.
func wrap(err error, format string, args ...any) error {
	return &wrapError{msg: "archive: " + fmt.Sprintf(format, args...), err: err}
}

// cause strips the path an *fs.PathError repeats, since callers name it.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
