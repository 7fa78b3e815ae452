package archive

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

// Schedules and per-site state live in top-level buckets created on first
// use (see layout.go).

var (
	// ErrNoSchedule is returned for a schedule name the archive does not
	// have.
	ErrNoSchedule = errors.New("archive: no such schedule")
	// ErrScheduleExists is returned by [Store.AddSchedule] for a name that
	// is taken.
	ErrScheduleExists = errors.New("archive: schedule exists")
)

// AddSchedule stores a new schedule under sc.Name. It returns an error
// wrapping [ErrScheduleExists] when the name is taken.
func (s *Store) AddSchedule(sc *annals.Schedule) error {
	if sc == nil || sc.Name == "" || len(sc.Name) > 200 {
		return errors.New("archive: add schedule: bad name")
	}
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketSchedules)
		if err != nil {
			return err
		}
		if b.Get([]byte(sc.Name)) != nil {
			return wrap(ErrScheduleExists, "schedule %q exists (remove it first)", sc.Name)
		}
		return putJSON(b, []byte(sc.Name), sc)
	})
	return s.writeErr("add schedule", sc.Name, err)
}

// UpdateSchedule reads the schedule named name, calls fn on it and stores
// the result, in one transaction: fn sees the latest state even when other
// processes update schedules. An error from fn is returned and nothing is
// stored. It returns an error wrapping [ErrNoSchedule] for an unknown name.
func (s *Store) UpdateSchedule(name string, fn func(*annals.Schedule) error) error {
	err := s.update(func(tx *bolt.Tx) error {
		sc, err := getSchedule(tx, name)
		if err != nil {
			return err
		}
		if err := call(fn, sc); err != nil {
			return err
		}
		sc.Name = name
		return putJSON(tx.Bucket(bucketSchedules), []byte(name), sc)
	})
	return err
}

// RemoveSchedule deletes the schedule named name. It returns an error
// wrapping [ErrNoSchedule] for an unknown name.
func (s *Store) RemoveSchedule(name string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSchedules)
		if b == nil || b.Get([]byte(name)) == nil {
			return wrap(ErrNoSchedule, "no schedule %q", name)
		}
		return b.Delete([]byte(name))
	})
	return s.writeErr("remove schedule", name, err)
}

// Schedule returns the schedule named name, or an error wrapping
// [ErrNoSchedule].
func (s *Store) Schedule(name string) (*annals.Schedule, error) {
	var sc *annals.Schedule
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		sc, err = getSchedule(tx, name)
		return err
	})
	return sc, err
}

// Schedules returns every schedule, by name.
func (s *Store) Schedules() ([]annals.Schedule, error) {
	var out []annals.Schedule
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSchedules)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, data []byte) error {
			var sc annals.Schedule
			if err := json.Unmarshal(data, &sc); err != nil {
				return decodeErr(string(k), err)
			}
			out = append(out, sc)
			return nil
		})
	})
	return out, err
}

// SiteState is what the archive remembers about a site as a whole.
type SiteState struct {
	// Synced is when the site's list of changes was last read in full
	// (by a complete crawl or an update): an update asks the site what
	// changed since then.
	Synced time.Time `json:"synced,omitzero"`
}

// Sites returns the state of every site that has one, by host.
func (s *Store) Sites() (map[string]SiteState, error) {
	out := map[string]SiteState{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSites)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, data []byte) error {
			var st SiteState
			if err := json.Unmarshal(data, &st); err != nil {
				return decodeErr(string(k), err)
			}
			out[string(k)] = st
			return nil
		})
	})
	return out, err
}

// SetSynced records, for each host, that its changes were read in full as
// of the given time; a time earlier than the one stored is ignored.
func (s *Store) SetSynced(hosts map[string]time.Time) error {
	if len(hosts) == 0 {
		return nil
	}
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketSites)
		if err != nil {
			return err
		}
		for host, t := range hosts {
			if host == "" || len(host) > 1024 {
				continue
			}
			var st SiteState
			if data := b.Get([]byte(host)); data != nil {
				_ = json.Unmarshal(data, &st)
			}
			if !t.After(st.Synced) {
				continue
			}
			st.Synced = t.UTC()
			if err := putJSON(b, []byte(host), &st); err != nil {
				return err
			}
		}
		return nil
	})
	return s.writeErr("set synced", "sites", err)
}

// getSchedule reads and decodes the schedule named name, or returns an error
// wrapping [ErrNoSchedule].
func getSchedule(tx *bolt.Tx, name string) (*annals.Schedule, error) {
	b := tx.Bucket(bucketSchedules)
	var data []byte
	if b != nil {
		data = b.Get([]byte(name))
	}
	if data == nil {
		return nil, wrap(ErrNoSchedule, "no schedule %q", name)
	}
	sc := new(annals.Schedule)
	if err := json.Unmarshal(data, sc); err != nil {
		return nil, decodeErr(name, err)
	}
	return sc, nil
}
