package archive

import (
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// batch runs fn in a write transaction that bbolt may share with the
// writes of other goroutines (bbolt's DB.Batch): during a crawl, many
// workers' writes then cost one commit, one fsync, instead of one each.
// fn may run more than once and must leave no trace of an earlier run: it
// resets whatever it captures. A panic or memory fault in fn, whichever
// goroutine bbolt runs it on, comes back as the caller's error like in
// update.
func (s *Store) batch(fn func(*bolt.Tx) error) (err error) {
	db, err := s.acquire()
	if err != nil {
		return err
	}
	defer s.done()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverCorrupt(&err)
	return db.Batch(func(tx *bolt.Tx) error {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		return fn(tx)
	})
}
