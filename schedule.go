package annals

import "time"

// Schedule is a recurring crawl (or update) kept in the archive and run by
// "annals daemon". Exactly one of Every and Cron is set.
type Schedule struct {
	// Name identifies the schedule in its archive.
	Name string `json:"name"`
	// Every runs it at this interval, counted from the start of the last
	// run.
	Every time.Duration `json:"every,omitempty"`
	// Cron runs it at the times of a standard five-field cron expression
	// (or a descriptor such as "@daily"), in local time unless it starts
	// with CRON_TZ=.
	Cron string `json:"cron,omitempty"`
	// Command is what a run does: "crawl" or "update".
	Command string `json:"command"`
	// Args are the command's flags and URLs, as given to "schedule add".
	Args []string `json:"args"`
	// Created is when the schedule was added.
	Created time.Time `json:"created"`

	// LastStart and LastEnd are when the last finished run started and
	// ended; zero before the first one. A run that was interrupted does
	// not count: the schedule stays due, and its next run continues it.
	LastStart time.Time `json:"last_start,omitzero"`
	LastEnd   time.Time `json:"last_end,omitzero"`
	// LastResult is the one-line summary of the last run, finished or not.
	LastResult string `json:"last_result,omitempty"`
	// LastCode is the exit code of the last finished run: 0 done, 1
	// failed, 3 some pages failed.
	LastCode int `json:"last_code"`
	// Attempt is when the run in progress, or the last interrupted one,
	// started, and AttemptPID the process that ran it; zero when the last
	// run finished.
	Attempt    time.Time `json:"attempt,omitzero"`
	AttemptPID int       `json:"attempt_pid,omitempty"`
}
