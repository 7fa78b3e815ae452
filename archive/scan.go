package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"

	bolt "go.etcd.io/bbolt"
)

// releaseEvery is how many bytes of stored values [Store.Scan] reads between
// two calls to releasePages.
const releaseEvery = 32 << 20

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
	tx   *bolt.Tx
	key  string
	n    int
	read *int64 // bytes read from the file, for releasePages
}

// Bytes returns the raw page, decompressed; it is empty when the version was
// stored without one (an imported version, or Put given no raw bytes).
func (r *RawPage) Bytes() ([]byte, error) {
	data := r.tx.Bucket(bucketRaw).Get(rawKey(r.key, r.n))
	if data == nil {
		return []byte{}, nil
	}
	*r.read += int64(len(data))
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, wrap(err, "%s: version %d: raw page: %v", r.key, r.n, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, wrap(err, "%s: version %d: raw page: %v", r.key, r.n, err)
	}
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
func (s *Store) Scan(ctx context.Context, o *ScanOptions, fn func(*PostInfo, *Version, *RawPage) error) error {
	var opts ScanOptions
	if o != nil {
		opts = *o
	}
	return s.view(func(tx *bolt.Tx) error {
		var read, released int64
		release := func() {
			if read-released >= releaseEvery {
				releasePages(s.db, tx.Size())
				released = read
			}
		}
		versions := tx.Bucket(bucketVersions)
		c := tx.Bucket(bucketPosts).Cursor()
		for k, data := c.First(); k != nil; k, data = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			read += int64(len(data))
			info, err := decodeInfo(k, data)
			if err != nil {
				return err
			}
			if opts.Post != nil && !callPost(opts.Post, info) {
				continue
			}
			b := versions.Bucket(k)
			if b == nil {
				continue
			}
			vc := b.Cursor()
			vk, vdata := vc.Last()
			if opts.All {
				vk, vdata = vc.First()
			}
			for ; vk != nil; vk, vdata = vc.Next() {
				if err := ctx.Err(); err != nil {
					return err
				}
				read += int64(len(vdata))
				v, err := decodeVersion(vdata)
				if err != nil {
					return decodeErr(info.Key, err)
				}
				raw := &RawPage{tx: tx, key: info.Key, n: v.Number, read: &read}
				if err := call3(fn, info, v, raw); err != nil {
					return err
				}
				release()
				if !opts.All {
					break
				}
			}
			release()
		}
		return nil
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
