package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

// PostInfo summarizes an archived post: its check state and its latest
// version.
type PostInfo struct {
	Key          string      `json:"key"`
	Site         string      `json:"site"` // lower-case host of Key
	Versions     int         `json:"versions"`
	FirstSeen    time.Time   `json:"first_seen"`
	LastChecked  time.Time   `json:"last_checked"`
	LastStatus   int         `json:"last_status"`
	ETag         string      `json:"etag,omitempty"`
	LastModified string      `json:"last_modified,omitempty"`
	GoneAt       *time.Time  `json:"gone_at,omitempty"` // set by MarkGone, cleared by Put and Touch
	Title        string      `json:"title,omitempty"`   // of the latest version
	Published    annals.Date `json:"published,omitzero"`
	Comments     int         `json:"comments"` // len(latest.Post.Comments)
	// SiteChanged is when the latest version that the site caused (one
	// whose Cause is not annals.CauseExtractor) was fetched; zero in
	// archives written before it was recorded (then see the versions).
	SiteChanged time.Time `json:"site_changed,omitzero"`
}

// Stats describes the whole archive.
type Stats struct {
	Sites, Posts, Versions int
	Comments               int   // comments of the latest versions
	Gone                   int   // posts marked gone
	RawBytes               int64 // compressed raw pages as stored
	FileBytes              int64 // size of the file
	Schema                 int   // schema version of the file
}

// Info returns the summary of the post stored under key, or an error
// wrapping [ErrNotFound].
func (s *Store) Info(key string) (*PostInfo, error) {
	var info *PostInfo
	err := s.view(func(tx *bolt.Tx) (err error) {
		info, err = getInfo(tx, key)
		return err
	})
	return info, err
}

// Resolve returns the post key for url: url itself when it is a key, else
// the key it was last recorded as an alias of (a fetched, page or canonical
// URL given to Put). ok is false when url is unknown. The caller normalizes
// url the same way it normalizes keys.
func (s *Store) Resolve(url string) (key string, ok bool, err error) {
	if url == "" || len(url) > bolt.MaxKeySize {
		return "", false, nil
	}
	err = s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketPosts).Get([]byte(url)) != nil {
			key, ok = url, true
		} else if k := tx.Bucket(bucketAliases).Get([]byte(url)); k != nil {
			key, ok = string(k), true
		}
		return nil
	})
	return key, ok, err
}

// Latest returns the newest version of key, or an error wrapping
// [ErrNotFound].
func (s *Store) Latest(key string) (*annals.Version, error) {
	return s.Version(key, 0)
}

// Version returns version n of key; n = 0 means the latest. It returns an
// error wrapping [ErrNotFound] for an unknown key or a number that is not a
// version of it.
func (s *Store) Version(key string, n int) (*annals.Version, error) {
	var v *annals.Version
	err := s.view(func(tx *bolt.Tx) error {
		b, err := versionsOf(tx, key)
		if err != nil {
			return err
		}
		var data []byte
		if n == 0 {
			_, data = b.Cursor().Last()
		} else if validNumber(n) {
			data = b.Get(versionKey(n))
		}
		if data == nil {
			return wrap(ErrNotFound, "%s: no version %d", key, n)
		}
		v, err = decodeVersion(data)
		return decodeErr(key, err)
	})
	return v, err
}

// Versions returns every version of key, oldest first, or an error wrapping
// [ErrNotFound]. Use [Store.EachVersion] to walk many posts.
func (s *Store) Versions(key string) ([]annals.Version, error) {
	var vs []annals.Version
	err := s.view(func(tx *bolt.Tx) error {
		b, err := versionsOf(tx, key)
		if err != nil {
			return err
		}
		return b.ForEach(func(_, data []byte) error {
			v, err := decodeVersion(data)
			if err != nil {
				return decodeErr(key, err)
			}
			vs = append(vs, *v)
			return nil
		})
	})
	return vs, err
}

// Raw returns the raw page of version n of key (n = 0 means the latest),
// decompressed; it is empty when Put was given no raw bytes. It returns an
// error wrapping [ErrNotFound] for an unknown key or version.
func (s *Store) Raw(key string, n int) ([]byte, error) {
	data, err := s.RawGzip(key, n)
	if err != nil || len(data) == 0 {
		return []byte{}, err
	}
	raw, err := Gunzip(data)
	if err != nil {
		return nil, wrap(err, "%s: version %d: raw page: %v", key, n, err)
	}
	return raw, nil
}

// Gunzip decompresses a raw page as RawGzip returns it; an empty one
// stays empty.
func Gunzip(gz []byte) ([]byte, error) {
	if len(gz) == 0 {
		return nil, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// RawGzip returns the raw page of version n of key (n = 0 means the
// latest) as it is stored, gzip-compressed; it is empty when Put was given
// no raw bytes. It returns an error wrapping [ErrNotFound] for an unknown
// key or version.
func (s *Store) RawGzip(key string, n int) ([]byte, error) {
	var data []byte
	err := s.view(func(tx *bolt.Tx) error {
		b, err := versionsOf(tx, key)
		if err != nil {
			return err
		}
		if n == 0 {
			k, _ := b.Cursor().Last()
			n = versionNumber(k)
		}
		if !validNumber(n) || b.Get(versionKey(n)) == nil {
			return wrap(ErrNotFound, "%s: no version %d", key, n)
		}
		data = bytes.Clone(tx.Bucket(bucketRaw).Get(rawKey(key, n)))
		return nil
	})
	return data, err
}

// Each calls fn for every post, in key order, within one read transaction,
// so fn sees a consistent view. It stops at the first error fn returns and
// returns it, and returns ctx.Err() if ctx is done. fn must not call the
// Store's methods: they open transactions of their own, which can deadlock
// with this one when a write grows the file. A long walk also delays such
// writes from other goroutines.
func (s *Store) Each(ctx context.Context, fn func(*PostInfo) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return eachInfo(ctx, tx, func(_ []byte, info *PostInfo) error { return call(fn, info) })
	})
}

// eachInfo decodes every post summary in key order and calls fn with the
// post's key and summary, stopping at fn's first error or when ctx is done.
func eachInfo(ctx context.Context, tx *bolt.Tx, fn func(k []byte, info *PostInfo) error) error {
	c := tx.Bucket(bucketPosts).Cursor()
	var r releaser
	for k, data := c.First(); k != nil; k, data = c.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.read(tx)
		info, err := decodeInfo(k, data)
		if err != nil {
			return err
		}
		if err := fn(k, info); err != nil {
			return err
		}
	}
	return nil
}

// EachVersion calls fn for every version of every post, in key order and
// then version order, or, when all is false, for each post's latest version
// only. Versions are decoded one at a time, so memory stays flat however
// large the archive. Like [Store.Each] it runs in one read transaction,
// returns fn's first error or ctx.Err(), and fn must not call the Store.
// [Store.Scan] does the same and also gives access to each raw page.
func (s *Store) EachVersion(ctx context.Context, all bool, fn func(*PostInfo, *annals.Version) error) error {
	return s.Scan(ctx, &ScanOptions{All: all}, func(info *PostInfo, v *annals.Version, _ *RawPage) error {
		return fn(info, v)
	})
}

// Stats counts sites, posts, versions, latest comments and gone posts, and
// sums the stored raw pages, in one read transaction. It returns ctx.Err()
// if ctx is done first.
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	st := &Stats{}
	err := s.view(func(tx *bolt.Tx) error {
		st.FileBytes = tx.Size()
		st.Schema, _ = strconv.Atoi(string(tx.Bucket(bucketMeta).Get(metaSchema)))
		sites := make(map[string]bool)
		err := eachInfo(ctx, tx, func(_ []byte, info *PostInfo) error {
			sites[info.Site] = true
			st.Posts++
			st.Versions += info.Versions
			st.Comments += info.Comments
			if info.GoneAt != nil {
				st.Gone++
			}
			return nil
		})
		if err != nil {
			return err
		}
		st.Sites = len(sites)
		c := tx.Bucket(bucketRaw).Cursor()
		var r releaser
		for k, data := c.First(); k != nil; k, data = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r.read(tx)
			st.RawBytes += int64(len(data))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func validNumber(n int) bool { return n > 0 && uint64(n) <= math.MaxUint32 }

func getInfo(tx *bolt.Tx, key string) (*PostInfo, error) {
	data := tx.Bucket(bucketPosts).Get([]byte(key))
	if data == nil {
		return nil, wrap(ErrNotFound, "%s: post not found", key)
	}
	return decodeInfo([]byte(key), data)
}

func versionsOf(tx *bolt.Tx, key string) (*bolt.Bucket, error) {
	b := tx.Bucket(bucketVersions).Bucket([]byte(key))
	if b == nil {
		return nil, wrap(ErrNotFound, "%s: post not found", key)
	}
	return b, nil
}

// decodeInfo and decodeVersion copy the value out of bbolt's memory, which
// is only valid inside the transaction.
func decodeInfo(key, data []byte) (*PostInfo, error) {
	info := new(PostInfo)
	if err := json.Unmarshal(data, info); err != nil {
		return nil, decodeErr(string(key), err)
	}
	return info, nil
}

func decodeVersion(data []byte) (*annals.Version, error) {
	v := new(annals.Version)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	if v.PostHash == "" {
		v.PostHash = v.Post.PostHash()
	}
	return v, nil
}

func decodeErr(key string, err error) error {
	if err == nil {
		return nil
	}
	return wrap(err, "%s: decode: %v", key, err)
}

// userPanic carries a panic raised by a caller's callback through view's
// recover, which takes other panics for a corrupt file.
type userPanic struct{ v any }

func call[T any](fn func(T) error, v T) error {
	defer rethrow()
	return fn(v)
}

func call2[T, U any](fn func(T, U) error, t T, u U) error {
	defer rethrow()
	return fn(t, u)
}

func rethrow() {
	if r := recover(); r != nil {
		panic(userPanic{r})
	}
}
