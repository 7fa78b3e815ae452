package archive

import (
	"context"
	"fmt"

	"github.com/annals-dev/annals"

	bolt "go.etcd.io/bbolt"
)

// [Store.Scan] calls releasePages after reading releaseEvery values
// (versions, raw pages) or releaseBytes bytes of them, whichever comes
// first. Reading a value faults in its pages and, through the kernel's
// fault-around, up to 64 kB beside them, so small values cost far more
// resident memory than their size: some 10-40 MB between two calls.
const (
	releaseEvery = 128
	releaseBytes = 16 << 20
	// releaseSmall is how many small values (post summaries, sizes of raw
	// pages) a walk reads between releasePages calls.
	releaseSmall = 256
)

// releaser hands a walk's pages back every releaseSmall values: the
// values lie all over the file, and each read maps its neighbours too.
type releaser struct{ n int }

// read counts one value read in tx.
func (r *releaser) read(tx *bolt.Tx) {
	if r.n++; r.n%releaseSmall == 0 {
		releasePages(tx.DB(), tx.Size())
	}
}

// readCount counts what Scan read since it last released pages.
type readCount struct{ values, bytes int }

func (c *readCount) add(n int) { c.values++; c.bytes += n }

// ScanOptions configures [Store.Scan]. The zero value walks the latest
// version of every post.
type ScanOptions struct {
	// All walks every version of each post, oldest first; false walks each
	// post's latest version only.
	All bool
	// Post, when not nil, is called with each post's summary before any of
	// its versions is decoded; returning false skips the post. It must not
	// call the Store's methods.
	Post func(*PostInfo) bool
}

// RawPage gives access to the raw page of the version [Store.Scan] is
// visiting. It is valid only until the callback returns.
type RawPage struct {
	s    *Store
	tx   *bolt.Tx
	key  string
	v    *annals.Version
	scan *scanState
}

// scanState is what one Scan reuses from page to page.
type scanState struct {
	read readCount
	buf  []byte
}

// Bytes returns the raw page, decompressed; it is empty when the version was
// stored without one (an imported version, or Put given no raw bytes). The
// slice is valid only until the callback returns: Scan reuses it.
func (r *RawPage) Bytes() ([]byte, error) {
	if r.v.RawHash == "" {
		return []byte{}, nil
	}
	st := r.scan
	if cap(st.buf) < r.v.RawSize {
		st.buf = make([]byte, 0, r.v.RawSize)
	}
	raw, err := r.s.blob(r.tx, r.v.RawHash, st.buf)
	if err != nil {
		return nil, wrap(err, "%s: version %d: raw page: %v", r.key, r.v.Number, err)
	}
	st.buf = raw
	st.read.add(len(raw) / 8) // as stored, some 8 times smaller
	return raw, nil
}

// Scan calls fn for the latest version of every post, or for every version
// when o.All is set, in key order and then version order, with a [RawPage]
// to read that version's raw page on demand. o may be nil.
//
// Like [Store.EachVersion] it runs in one read transaction, so fn sees a
// consistent view; it returns fn's first error, or ctx.Err() when ctx is
// done; and fn must not call the Store's methods. Versions are decoded one
// at a time, and the pages of the file already read are handed back to the
// operating system as the walk goes on, so the process's memory (resident
// set, mapped file pages included) stays flat however large the archive.
func (s *Store) Scan(ctx context.Context, o *ScanOptions, fn func(*PostInfo, *annals.Version, *RawPage) error) error {
	var opts ScanOptions
	if o != nil {
		opts = *o
	}
	return s.view(func(tx *bolt.Tx) error {
		st := new(scanState)
		release := func() {
			if st.read.values >= releaseEvery || st.read.bytes >= releaseBytes {
				releasePages(s.db, tx.Size())
				st.read = readCount{}
			}
		}
		records := tx.Bucket(bucketRecords)
		return s.eachInfo(ctx, tx, func(k []byte, info *PostInfo) error {
			ids := info.records
			info.records, info.hash = nil, ""
			if opts.Post != nil && !callPost(opts.Post, info) {
				return nil
			}
			first := len(ids) // the latest only
			if opts.All {
				first = 1
			}
			for n := first; n >= 1 && n <= len(ids); n++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				rec := records.Get(idKey(ids[n-1]))
				if rec == nil {
					return decodeErr(info.Key, fmt.Errorf("version %d: no record", n))
				}
				st.read.add(len(rec))
				v, err := s.decodeVersion(tx, n, rec)
				if err != nil {
					return decodeErr(info.Key, err)
				}
				raw := &RawPage{s: s, tx: tx, key: info.Key, v: v, scan: st}
				if err := call3(fn, info, v, raw); err != nil {
					return err
				}
				release()
			}
			release()
			return nil
		})
	})
}

func callPost(fn func(*PostInfo) bool, info *PostInfo) bool {
	defer rethrow()
	return fn(info)
}

func call3[T, U, V any](fn func(T, U, V) error, t T, u U, v V) error {
	defer rethrow()
	return fn(t, u, v)
}
