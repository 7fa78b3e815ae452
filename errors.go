package annals

// UsageError reports a command line that cannot be run as given: an unknown
// flag, a bad value, a missing argument. cmd/annals exits 2 for it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }
