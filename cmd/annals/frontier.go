package main

import (
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/crawler"
)

// frontierAdapter lets the crawler keep its frontier in the archive:
// crawler.Frontier and archive.Frontier speak of the same entries in their
// own types, and meet here.
type frontierAdapter struct{ f *archive.Frontier }

func (a frontierAdapter) Push(entries []crawler.Entry) ([]bool, error) {
	in := make([]archive.FrontierEntry, len(entries))
	for i, e := range entries {
		in[i] = archive.FrontierEntry{URL: e.URL, Queue: e.Queue, Priority: e.Priority, Data: e.Data}
	}
	return a.f.Push(in)
}

func (a frontierAdapter) Pop(queue string, n int) ([]crawler.Entry, error) {
	got, err := a.f.Pop(queue, n)
	if err != nil {
		return nil, err
	}
	out := make([]crawler.Entry, len(got))
	for i, e := range got {
		out[i] = crawler.Entry{URL: e.URL, Queue: e.Queue, Priority: e.Priority, Data: e.Data}
	}
	return out, nil
}

func (a frontierAdapter) Done(urls []string) error           { return a.f.Done(urls) }
func (a frontierAdapter) Seen(urls []string) ([]bool, error) { return a.f.Seen(urls) }
func (a frontierAdapter) Queues() (map[string]int, error)    { return a.f.Queues() }

var _ crawler.Frontier = frontierAdapter{}
