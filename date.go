package annals

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a publication or update time as a page states it: either an exact
// instant (marshalled as RFC 3339) or only a calendar day (marshalled as
// YYYY-MM-DD). The zero Date means "unknown" and is omitted from JSON.
type Date struct {
	t       time.Time
	dayOnly bool
}

// ErrBadDate is returned by [ParseDate] for text that is neither RFC 3339 nor
// YYYY-MM-DD.
var ErrBadDate = errors.New("annals: date is neither RFC 3339 nor YYYY-MM-DD")

// At returns the Date for the instant t, keeping its location.
func At(t time.Time) Date { return Date{t: t} }

// Day returns the Date for a calendar day without a time.
func Day(year int, month time.Month, day int) Date {
	return Date{t: time.Date(year, month, day, 0, 0, 0, 0, time.UTC), dayOnly: true}
}

// ParseDate parses RFC 3339 (with or without fractional seconds) or YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return Date{t: t, dayOnly: true}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Date{t: t}, nil
	}
	return Date{}, fmt.Errorf("%w: %q", ErrBadDate, s)
}

// IsZero reports whether d is unknown.
func (d Date) IsZero() bool { return d.t.IsZero() }

// DayOnly reports whether d carries only a calendar day.
func (d Date) DayOnly() bool { return d.dayOnly }

// Time returns the instant, or midnight UTC of the day for a day-only Date.
func (d Date) Time() time.Time { return d.t }

// String returns RFC 3339 for an instant, YYYY-MM-DD for a day, "" when zero.
func (d Date) String() string {
	switch {
	case d.t.IsZero():
		return ""
	case d.dayOnly:
		return d.t.Format("2006-01-02")
	default:
		return d.t.Format(time.RFC3339)
	}
}

// Before reports whether d is earlier than e, comparing day-only dates as
// midnight UTC.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// MarshalText implements [encoding.TextMarshaler].
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
