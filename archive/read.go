package archive

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
	RawBytes               int64 // raw pages as stored: compressed, each once, with the sites' page dictionaries
	Blobs                  int   // distinct raw pages stored
	Fetches                int   // fetches and checks recorded
	FetchedBytes           int64 // raw pages as fetched: the sizes of every fetch's page
	FileBytes              int64 // size of the file's data
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
	err := s.view(func(tx *bolt.Tx) (err error) {
		v, err = s.versionIn(tx, key, n)
		return err
	})
	return v, err
}

// versionIn reads version n of key (0: the latest) in tx.
func (s *Store) versionIn(tx *bolt.Tx, key string, n int) (*annals.Version, error) {
	if tx.Bucket(bucketPosts).Get([]byte(key)) == nil {
		return nil, wrap(ErrNotFound, "%s: post not found", key)
	}
	versions := tx.Bucket(bucketVersions)
	var k, data []byte
	if n == 0 {
		k, data = lastVersion(versions, key)
	} else if validNumber(n) {
		k = versionKey(key, n)
		data = versions.Get(k)
	}
	if data == nil {
		return nil, wrap(ErrNotFound, "%s: no version %d", key, n)
	}
	v, err := s.decodeVersion(tx, k, data)
	return v, decodeErr(key, err)
}

// Versions returns every version of key, oldest first, or an error wrapping
// [ErrNotFound]. Use [Store.EachVersion] to walk many posts.
func (s *Store) Versions(key string) ([]annals.Version, error) {
	var vs []annals.Version
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketPosts).Get([]byte(key)) == nil {
			return wrap(ErrNotFound, "%s: post not found", key)
		}
		prefix := versionPrefix(key)
		c := tx.Bucket(bucketVersions).Cursor()
		for k, data := c.Seek(prefix); versionNumber(prefix, k) > 0; k, data = c.Next() {
			v, err := s.decodeVersion(tx, k, data)
			if err != nil {
				return decodeErr(key, err)
			}
			vs = append(vs, *v)
		}
		return nil
	})
	return vs, err
}

// Raw returns the raw page of version n of key (n = 0 means the latest),
// decompressed; it is empty when Put was given no raw bytes. It returns an
// error wrapping [ErrNotFound] for an unknown key or version.
func (s *Store) Raw(key string, n int) ([]byte, error) {
	var raw []byte
	err := s.view(func(tx *bolt.Tx) error {
		v, err := s.versionIn(tx, key, n)
		if err != nil {
			return err
		}
		raw, err = s.blob(tx, v.RawHash, nil)
		if err != nil {
			return wrap(err, "%s: version %d: raw page: %v", key, v.Number, err)
		}
		return nil
	})
	if raw == nil && err == nil {
		raw = []byte{}
	}
	return raw, err
}

// blob returns the raw page of hash (hex), decompressed into dst[:0]; an
// empty one for hash "".
func (s *Store) blob(tx *bolt.Tx, hash string, dst []byte) ([]byte, error) {
	if hash == "" {
		return dst[:0], nil
	}
	h, err := hex.DecodeString(hash)
	if err != nil || len(h) != sha256.Size {
		return nil, fmt.Errorf("bad raw page hash %q", hash)
	}
	frame := tx.Bucket(bucketBlobs).Get(h)
	if frame == nil {
		return nil, fmt.Errorf("no raw page %s", hash)
	}
	return s.decodeFrame(tx, frame, dst)
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
// sums the stored raw pages and the fetch logs, in one read transaction.
// It returns ctx.Err() if ctx is done first.
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
		var r releaser
		c := tx.Bucket(bucketBlobs).Cursor()
		for k, data := c.First(); k != nil; k, data = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r.read(tx)
			st.Blobs++
			st.RawBytes += int64(len(data))
		}
		c = tx.Bucket(bucketDicts).Cursor()
		for k, data := c.First(); k != nil; k, data = c.Next() {
			if k[0] == 'i' && len(data) > 0 && data[0] == dictPages {
				st.RawBytes += int64(len(data))
			}
		}
		c = tx.Bucket(bucketFetches).Cursor()
		for k, data := c.First(); k != nil; k, data = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r.read(tx)
			recs, err := decodeFetches(data, string(k))
			if err != nil {
				return decodeErr(string(k), err)
			}
			st.Fetches += len(recs)
			for _, f := range recs {
				st.FetchedBytes += int64(f.Size)
			}
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

// lastVersion returns the key and record of key's latest version in the
// versions bucket b; nil when it has none.
func lastVersion(b *bolt.Bucket, key string) (k, data []byte) {
	prefix := versionPrefix(key)
	c := b.Cursor()
	k, _ = c.Seek(versionKey(key, math.MaxUint32))
	if k == nil {
		k, data = c.Last()
	} else {
		k, data = c.Prev()
	}
	if versionNumber(prefix, k) == 0 {
		return nil, nil
	}
	return k, data
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

func (s *Store) decodeVersion(tx *bolt.Tx, k, data []byte) (*annals.Version, error) {
	js, err := s.decodeFrame(tx, data, nil)
	if err != nil {
		return nil, err
	}
	v := new(annals.Version)
	if err := json.Unmarshal(js, v); err != nil {
		return nil, err
	}
	if len(k) >= 4 {
		v.Number = int(binary.BigEndian.Uint32(k[len(k)-4:]))
	}
	if v.PostHash == "" {
		v.PostHash = v.Post.PostHash()
	}
	if v.CommentsHash == "" {
		v.CommentsHash = v.Post.CommentsHash()
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
