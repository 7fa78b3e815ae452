package archive

import (
	"errors"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// crawlFile is the file of a Store's crawl state (frontier.go): PATH.crawl,
// opened by the first Frontier of a writing Store and closed, and removed
// once no crawl is left in it, with the Store. Only the process holding
// the archive's writer lock crawls, so it is held from the first Frontier
// to Close.
type crawlFile struct {
	mu      sync.Mutex
	db      *bolt.DB
	writers atomic.Int32 // writes under way, as for the archive's (batch.go)
}

// crawlPath is the path of the crawl file of the archive at path.
func crawlPath(path string) string { return path + ".crawl" }

// crawlDB returns the crawl file, opening it (and creating it) the first
// time.
func (s *Store) crawlDB() (*bolt.DB, error) {
	c := &s.crawl
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db != nil {
		return c.db, nil
	}
	if s.readOnly {
		return nil, wrap(berrors.ErrDatabaseReadOnly, "%s is open read-only: no crawl state", s.path)
	}
	path := crawlPath(s.path)
	db, err := openBolt(path, Options{Timeout: s.opts.Timeout})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, wrap(ErrLocked, "open %s: file is locked by another process", path)
		}
		return nil, wrap(err, "open %s: %v", path, cause(err))
	}
	c.db = db
	return db, nil
}

// closeCrawl closes the crawl file, if open, and removes it when no crawl
// is left in it.
func (s *Store) closeCrawl() error {
	c := &s.crawl
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db == nil {
		return nil
	}
	empty := true
	_ = c.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCrawls); b != nil {
			k, _ := b.Cursor().First()
			empty = k == nil
		}
		return nil
	})
	err := c.db.Close()
	c.db = nil
	if err != nil {
		return wrap(err, "close %s: %v", crawlPath(s.path), err)
	}
	if empty {
		if err := os.Remove(crawlPath(s.path)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return wrap(err, "remove %s: %v", crawlPath(s.path), cause(err))
		}
	}
	return nil
}

// crawlView, crawlUpdate and crawlWrite run a transaction on the crawl
// file, as view, update and write do on the archive: crawlWrite shares a
// commit with other goroutines' writes when there are any.
func (s *Store) crawlView(fn func(*bolt.Tx) error) error {
	return s.onCrawl(func(db *bolt.DB) error { return db.View(fn) })
}

func (s *Store) crawlUpdate(fn func(*bolt.Tx) error) error {
	return s.onCrawl(func(db *bolt.DB) error { return db.Update(fn) })
}

func (s *Store) crawlWrite(fn func(*bolt.Tx) error) error {
	n := &s.crawl.writers
	defer n.Add(-1)
	if n.Add(1) > 1 {
		return s.onCrawl(func(db *bolt.DB) error {
			return db.Batch(func(tx *bolt.Tx) error {
				defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
				return fn(tx)
			})
		})
	}
	return s.crawlUpdate(fn)
}

// onCrawl runs fn on the crawl file, turning a panic or memory fault that
// a corrupt file causes into an error.
func (s *Store) onCrawl(fn func(*bolt.DB) error) (err error) {
	db, err := s.crawlDB()
	if err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(crawlPath(s.path), &err)
	return fn(db)
}
