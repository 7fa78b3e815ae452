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

func TestStore_Checked(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	a, b := newPost("https://example.org/a", "A", "Text."), newPost("https://example.org/b", "B", "Text.")
	mustPut(t, s, a, t0)
	mustPut(t, s, b, t0)
	n, err := s.Checked([]Check{
		{Key: a.URL, At: t0.Add(time.Hour), Status: 304},
		{Key: b.URL, At: t0.Add(time.Hour), Status: 410, Gone: true},
		{Key: "https://example.org/unknown", Status: 304},
	})
	if err != nil || n != 2 {
		t.Fatalf("Checked = %d, %v; want 2", n, err)
	}
	ia, _ := s.Info(a.URL)
	ib, _ := s.Info(b.URL)
	if !ia.LastChecked.Equal(t0.Add(time.Hour)) || ia.LastStatus != 304 || ia.GoneAt != nil || ia.Versions != 1 {
		t.Errorf("a = %+v", ia)
	}
	if ib.GoneAt == nil || !ib.GoneAt.Equal(t0.Add(time.Hour)) || ib.LastStatus != 410 {
		t.Errorf("b = %+v", ib)
	}
	// Still gone a day later: the time it went stays; back online clears it.
	s.Checked([]Check{{Key: b.URL, At: t0.Add(24 * time.Hour), Status: 404, Gone: true}})
	if ib, _ = s.Info(b.URL); !ib.GoneAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("GoneAt moved to %v", ib.GoneAt)
	}
	s.Checked([]Check{{Key: b.URL, At: t0.Add(48 * time.Hour), Status: 304}})
	if ib, _ = s.Info(b.URL); ib.GoneAt != nil {
		t.Errorf("back online, still gone since %v", ib.GoneAt)
	}
}

func TestStore_PostHash(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	p := newPost("https://example.org/a", "A", "Text.")
	mustPut(t, s, p, t0)
	commented := newPost(p.URL, "A", "Text.", "First!")
	mustPut(t, s, commented, t0.Add(time.Hour))
	edited := newPost(p.URL, "A", "Text, edited.", "First!")
	mustPut(t, s, edited, t0.Add(2*time.Hour))
	vs, err := s.Versions(p.URL)
	if err != nil || len(vs) != 3 {
		t.Fatalf("Versions: %d, %v", len(vs), err)
	}
	if vs[0].PostHash == "" || vs[0].PostHash != vs[1].PostHash || vs[0].CommentsHash == vs[1].CommentsHash {
		t.Errorf("a new comment: post hashes %s %s, comment hashes %s %s", vs[0].PostHash, vs[1].PostHash, vs[0].CommentsHash, vs[1].CommentsHash)
	}
	if vs[1].PostHash == vs[2].PostHash || vs[1].CommentsHash != vs[2].CommentsHash {
		t.Errorf("an edit: post hashes %s %s", vs[1].PostHash, vs[2].PostHash)
	}
}
