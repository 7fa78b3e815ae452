package archive

import (
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"weak"

	bolt "go.etcd.io/bbolt"
)

// writers counts, per Store, the writes under way through write. Keys are
// weak: a Store that is gone takes its counter with it.
var writers sync.Map // weak.Pointer[Store] -> *atomic.Int32

// write runs fn in a write transaction. When other goroutines are writing
// too (a crawl's workers), it joins them in one shared transaction
// (bbolt's DB.Batch): their writes then cost one commit, one fsync,
// instead of one each. Alone (an import, a one-off Put), it commits at
// once rather than wait for company. fn may run more than once and must
// leave no trace of an earlier run: it resets whatever it captures.
func (s *Store) write(fn func(*bolt.Tx) error) error {
	key := weak.Make(s)
	v, loaded := writers.LoadOrStore(key, new(atomic.Int32))
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[Store]) { writers.Delete(k) }, key)
	}
	n := v.(*atomic.Int32)
	defer n.Add(-1)
	if n.Add(1) > 1 {
		return s.batch(fn)
	}
	return s.update(fn)
}

// batch runs fn through bbolt's DB.Batch. A panic or memory fault in fn,
// whichever goroutine bbolt runs it on, comes back as the caller's error
// as in update. Like view and update it goes through the Store's gate: a
// Shared Store may have released the file (see lock.go), and s.db is then
// nil until acquire opens it again.
func (s *Store) batch(fn func(*bolt.Tx) error) error {
	return s.withDB(func(db *bolt.DB) error {
		return db.Batch(func(tx *bolt.Tx) error {
			// bbolt may run fn on another goroutine: fault there too.
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			return fn(tx)
		})
	})
}
