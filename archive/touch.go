package archive

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Check is one answer to a revalidation that adds no version, for
// [Store.Checked].
type Check struct {
	// Key is the post's key.
	Key string
	// At is when the answer came; zero means the Store's clock.
	At time.Time
	// Status is the HTTP status: 304 (or 200) for a post that did not
	// change, 404 or 410 for one that is gone.
	Status int
	// Gone marks the post gone (as [Store.MarkGone] does); otherwise the
	// post is online and no longer gone (as [Store.Touch] does).
	Gone bool
}

// Checked records many checks in one transaction, as [Store.Touch] and
// [Store.MarkGone] record one each: an update that revalidates thousands
// of unchanged posts commits (and syncs) once per batch rather than once
// per post. Keys the archive does not have are skipped. It returns the
// number of checks recorded.
func (s *Store) Checked(checks []Check) (int, error) {
	if len(checks) == 0 {
		return 0, nil
	}
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		for _, c := range checks {
			info, err := s.getInfo(tx, c.Key)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			t := c.At
			if t.IsZero() {
				t = s.now()
			}
			info.LastChecked, info.LastStatus = t, c.Status
			switch {
			case !c.Gone:
				info.GoneAt = nil
			case info.GoneAt == nil:
				info.GoneAt = &t
			}
			if err := appendFetch(tx, c.Key, &FetchRecord{At: t, Status: c.Status}, true); err != nil {
				return err
			}
			if _, err := s.putInfo(tx, info, false); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, s.writeErr("record checks", checks[0].Key, err)
	}
	return n, nil
}
