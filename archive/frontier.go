package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Crawl state lives in a file of its own beside the archive, PATH.crawl
// (a bbolt file, opened by the first Frontier and removed when the last
// crawl in it is dropped), in the top-level bucket "crawls":
//
//	crawls/<id>/queue   queue "\x00" priority byte, big-endian uint64 sequence
//	                    -> uvarint len(URL), URL, data
//	crawls/<id>/active  URL -> uvarint len(queue key), queue key, queue value
//	crawls/<id>/seen16  the first 16 bytes of the URL's SHA-256 -> "\x01"
//	crawls/<id>         "started" -> RFC 3339 time of the crawl's first run
//
// A crawl's frontier is at its largest early on, when discovery has listed
// every post and few are fetched, and it is dropped at the end. In the
// archive, what it took at its peak would stay the file's size (bbolt
// never gives pages back): kept apart, it costs the archive nothing, and
// the crawl file goes when the crawl is done. It is kept small besides:
// the seen set by hash, and the queue, whose keys grow within each queue,
// packed full. Frontier writes and the archive's are separate
// transactions: a page is archived before the frontier hears it is done,
// so a crash between the two fetches it again, which archives nothing
// twice.
var (
	bucketCrawls   = []byte("crawls")
	bucketQueue    = []byte("queue")
	bucketActive   = []byte("active")
	bucketSeen     = []byte("seen16")
	frontierStart  = []byte("started")
	maxFrontierURL = 8 << 10
	seenMark       = []byte{1}
)

// FrontierEntry is one URL in a [Frontier].
type FrontierEntry struct {
	// URL is the entry's normalized URL, the unit of deduplication.
	URL string
	// Queue names the queue it waits in (the crawler uses one per host).
	Queue string
	// Priority orders a queue, lower first; it is clamped to 0..255.
	Priority int
	// Data is the crawler's record of the entry, stored as given.
	Data []byte
}

// Frontier is the persistent state of one crawl: its queues of URLs to
// fetch, the entries being fetched, and every URL it has seen. It lets a
// crawl that was interrupted, even by kill -9, continue where it stopped:
// [Store.Frontier] puts the entries that were being fetched back in their
// queues. Each method is one short write (or read) transaction, which
// bbolt may share with other goroutines' writes (see Store.Put), so read
// commands can use the archive between them. It is safe for concurrent
// use; the crawler batches its calls.
type Frontier struct {
	s       *Store
	id      []byte
	started time.Time
}

// Frontier opens the frontier of the crawl named id, creating it when
// there is none, and puts the entries left in progress by an earlier,
// interrupted run back in their queues. The name is the caller's choice
// (cmd/annals derives it from the seed URLs). It fails on a read-only
// Store.
func (s *Store) Frontier(id string) (*Frontier, error) {
	if id == "" || len(id) > 512 {
		return nil, fmt.Errorf("archive: frontier: bad crawl id %q", id)
	}
	f := &Frontier{s: s, id: []byte(id)}
	err := s.crawlUpdate(func(tx *bolt.Tx) error {
		crawls, err := tx.CreateBucketIfNotExists(bucketCrawls)
		if err != nil {
			return err
		}
		b, err := crawls.CreateBucketIfNotExists(f.id)
		if err != nil {
			return err
		}
		for _, name := range [][]byte{bucketQueue, bucketActive, bucketSeen} {
			if _, err := b.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if t, err := time.Parse(time.RFC3339Nano, string(b.Get(frontierStart))); err == nil {
			f.started = t
		} else {
			f.started = s.now().UTC()
			if err := b.Put(frontierStart, []byte(f.started.Format(time.RFC3339Nano))); err != nil {
				return err
			}
		}
		// Requeue what an interrupted run was fetching, at its old place.
		active, queue := b.Bucket(bucketActive), b.Bucket(bucketQueue)
		var keys [][]byte
		c := active.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			qk, qv, ok := splitActive(v)
			if ok {
				if err := queue.Put(bytes.Clone(qk), bytes.Clone(qv)); err != nil {
					return err
				}
			}
			keys = append(keys, bytes.Clone(k))
		}
		for _, k := range keys {
			if err := active.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, s.writeErr("frontier", id, err)
	}
	return f, nil
}

// DropFrontier deletes the frontier of the crawl named id, if any: the
// next crawl of that name starts afresh.
func (s *Store) DropFrontier(id string) error {
	err := s.crawlUpdate(func(tx *bolt.Tx) error {
		crawls := tx.Bucket(bucketCrawls)
		if crawls == nil || crawls.Bucket([]byte(id)) == nil {
			return nil
		}
		return crawls.DeleteBucket([]byte(id))
	})
	return s.writeErr("drop frontier", id, err)
}

// Started returns when the crawl's first run opened the frontier.
func (f *Frontier) Started() time.Time { return f.started }

// errNoFrontier is returned after the frontier was dropped under a caller.
var errNoFrontier = errors.New("archive: frontier was dropped")

// seenKey is url's key in the seen set.
func seenKey(url string) []byte {
	h := sha256.Sum256([]byte(url))
	return h[:16]
}

// buckets returns the crawl's queue, active and seen buckets.
func (f *Frontier) buckets(tx *bolt.Tx) (queue, active, seen *bolt.Bucket, err error) {
	crawls := tx.Bucket(bucketCrawls)
	if crawls == nil {
		return nil, nil, nil, errNoFrontier
	}
	b := crawls.Bucket(f.id)
	if b == nil {
		return nil, nil, nil, errNoFrontier
	}
	queue = b.Bucket(bucketQueue)
	if tx.Writable() {
		queue.FillPercent = 1
	}
	return queue, b.Bucket(bucketActive), b.Bucket(bucketSeen), nil
}

// Push queues each entry whose URL the frontier has not seen, and marks
// the URL seen. It reports for each entry whether it was queued; an entry
// with an empty or over-long URL or queue name never is.
func (f *Frontier) Push(entries []FrontierEntry) ([]bool, error) {
	out := make([]bool, len(entries))
	if len(entries) == 0 {
		return out, nil
	}
	err := f.s.crawlWrite(func(tx *bolt.Tx) error {
		clear(out)
		queue, _, seen, err := f.buckets(tx)
		if err != nil {
			return err
		}
		for i, e := range entries {
			if e.URL == "" || len(e.URL) > maxFrontierURL || e.Queue == "" || len(e.Queue) > 1024 ||
				bytes.IndexByte([]byte(e.Queue), 0) >= 0 {
				continue
			}
			u := seenKey(e.URL)
			if seen.Get(u) != nil {
				continue
			}
			if err := seen.Put(u, seenMark); err != nil {
				return err
			}
			seq, err := queue.NextSequence()
			if err != nil {
				return err
			}
			if err := queue.Put(queueKey(e.Queue, e.Priority, seq), queueValue(e.URL, e.Data)); err != nil {
				return err
			}
			out[i] = true
		}
		return nil
	})
	if err != nil {
		return nil, f.s.writeErr("frontier push", string(f.id), err)
	}
	return out, nil
}

// Pop takes up to n entries out of queue, lowest priority first and in
// push order within a priority, and records them in progress until Done
// (or, after a crash, until the frontier is opened again).
func (f *Frontier) Pop(queue string, n int) ([]FrontierEntry, error) {
	var out []FrontierEntry
	if n <= 0 {
		return nil, nil
	}
	err := f.s.crawlWrite(func(tx *bolt.Tx) error {
		out = out[:0]
		q, active, _, err := f.buckets(tx)
		if err != nil {
			return err
		}
		prefix := append([]byte(queue), 0)
		var keys [][]byte
		c := q.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(out) < n; k, v = c.Next() {
			url, data, ok := splitValue(v)
			if !ok {
				keys = append(keys, bytes.Clone(k))
				continue
			}
			out = append(out, FrontierEntry{URL: url, Queue: queue, Priority: int(k[len(prefix)]), Data: bytes.Clone(data)})
			keys = append(keys, bytes.Clone(k))
			rec := binary.AppendUvarint(nil, uint64(len(k)))
			rec = append(append(rec, k...), v...)
			if err := active.Put([]byte(url), rec); err != nil {
				return err
			}
		}
		for _, k := range keys {
			if err := q.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, f.s.writeErr("frontier pop", string(f.id), err)
	}
	return out, nil
}

// Done records that URLs were processed: they leave the in-progress set
// and stay seen. A URL that was not in progress is marked seen.
func (f *Frontier) Done(urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	err := f.s.crawlWrite(func(tx *bolt.Tx) error {
		_, active, seen, err := f.buckets(tx)
		if err != nil {
			return err
		}
		for _, u := range urls {
			if u == "" || len(u) > maxFrontierURL {
				continue
			}
			if err := active.Delete([]byte(u)); err != nil {
				return err
			}
			if k := seenKey(u); seen.Get(k) == nil {
				if err := seen.Put(k, seenMark); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return f.s.writeErr("frontier done", string(f.id), err)
}

// Seen reports for each URL whether the frontier has seen it.
func (f *Frontier) Seen(urls []string) ([]bool, error) {
	out := make([]bool, len(urls))
	err := f.s.crawlView(func(tx *bolt.Tx) error {
		_, _, seen, err := f.buckets(tx)
		if err != nil {
			return err
		}
		for i, u := range urls {
			out[i] = u != "" && len(u) <= maxFrontierURL && seen.Get(seenKey(u)) != nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Queues returns the number of queued entries in every non-empty queue.
func (f *Frontier) Queues() (map[string]int, error) {
	out := map[string]int{}
	err := f.s.crawlView(func(tx *bolt.Tx) error {
		q, _, _, err := f.buckets(tx)
		if err != nil {
			return err
		}
		c := q.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if i := bytes.IndexByte(k, 0); i >= 0 {
				out[string(k[:i])]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Len returns the number of queued entries and of entries in progress.
func (f *Frontier) Len() (queued, inProgress int, err error) {
	err = f.s.crawlView(func(tx *bolt.Tx) error {
		q, active, _, err := f.buckets(tx)
		if err != nil {
			return err
		}
		queued, inProgress = q.Stats().KeyN, active.Stats().KeyN
		return nil
	})
	return queued, inProgress, err
}

func queueKey(queue string, priority int, seq uint64) []byte {
	k := make([]byte, 0, len(queue)+10)
	k = append(append(k, queue...), 0, byte(min(max(priority, 0), 255)))
	return binary.BigEndian.AppendUint64(k, seq)
}

func queueValue(url string, data []byte) []byte {
	v := binary.AppendUvarint(make([]byte, 0, 2+len(url)+len(data)), uint64(len(url)))
	return append(append(v, url...), data...)
}

// splitValue reads a queue value back; data aliases v.
func splitValue(v []byte) (url string, data []byte, ok bool) {
	l, n := binary.Uvarint(v)
	if n <= 0 || uint64(len(v)-n) < l {
		return "", nil, false
	}
	return string(v[n : n+int(l)]), v[n+int(l):], true
}

// splitActive reads an active record back into its queue key and value.
func splitActive(v []byte) (key, value []byte, ok bool) {
	l, n := binary.Uvarint(v)
	if n <= 0 || uint64(len(v)-n) < l {
		return nil, nil, false
	}
	return v[n : n+int(l)], v[n+int(l):], true
}
