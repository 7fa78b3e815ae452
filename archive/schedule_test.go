package archive

import (
	"errors"
	"testing"
	"time"

	"github.com/annals-dev/annals"
)

func TestStore_Schedules(t *testing.T) {
	path := tempPath(t)
	s := mustOpen(t, path)
	sc := &annals.Schedule{Name: "nightly", Cron: "0 3 * * *", Command: "crawl", Args: []string{"--delay", "2s", "https://example.org/"}, Created: t0}
	if err := s.AddSchedule(sc); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSchedule(sc); !errors.Is(err, ErrScheduleExists) {
		t.Errorf("adding it twice: %v, want ErrScheduleExists", err)
	}
	if err := s.AddSchedule(&annals.Schedule{Name: "hourly", Every: time.Hour, Command: "update", Created: t0}); err != nil {
		t.Fatal(err)
	}
	err := s.UpdateSchedule("nightly", func(sc *annals.Schedule) error {
		sc.LastStart, sc.LastResult = t0.Add(time.Hour), "3 pages fetched"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := s.UpdateSchedule("nightly", func(sc *annals.Schedule) error { sc.LastResult = "lost"; return boom }); !errors.Is(err, boom) {
		t.Errorf("UpdateSchedule returned %v, want fn's error", err)
	}
	if err := s.UpdateSchedule("none", func(*annals.Schedule) error { return nil }); !errors.Is(err, ErrNoSchedule) {
		t.Errorf("UpdateSchedule(none): %v", err)
	}
	s.Close()

	s = mustOpen(t, path) // persisted
	all, err := s.Schedules()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != "hourly" || all[1].Name != "nightly" {
		t.Fatalf("Schedules = %+v", all)
	}
	if got := all[1]; got.LastResult != "3 pages fetched" || !got.LastStart.Equal(t0.Add(time.Hour)) || len(got.Args) != 3 || got.Cron != "0 3 * * *" {
		t.Errorf("nightly = %+v", got)
	}
	if err := s.RemoveSchedule("hourly"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Schedule("hourly"); !errors.Is(err, ErrNoSchedule) {
		t.Errorf("removed schedule: %v", err)
	}
	if err := s.RemoveSchedule("hourly"); !errors.Is(err, ErrNoSchedule) {
		t.Errorf("removing it twice: %v", err)
	}
}

func TestStore_Synced(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	if err := s.SetSynced(map[string]time.Time{"a.example": t0, "b.example": t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSynced(map[string]time.Time{"a.example": t0.Add(time.Hour), "b.example": t0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	sites, err := s.Sites()
	if err != nil {
		t.Fatal(err)
	}
	if !sites["a.example"].Synced.Equal(t0.Add(time.Hour)) || !sites["b.example"].Synced.Equal(t0) {
		t.Errorf("Sites = %+v", sites)
	}
}
