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
	Key          string      `json:"key,omitempty"`
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

	// records are the ids of the versions' records, oldest first, and
	// hash the latest one's ContentHash (see layout.go).
	records []uint64
	hash    string
}

// storedInfo is a post summary as the posts bucket keeps it.
type storedInfo struct {
	*PostInfo
	Records []uint64 `json:"r,omitempty"`
	Hash    string   `json:"h,omitempty"`
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
		info, err = s.getInfo(tx, key)
		return err
	})
	if info != nil {
		info.records, info.hash = nil, "" // the archive's own: a caller's copy compares as stored
	}
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
	info, err := s.getInfo(tx, key)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		n = len(info.records)
	}
	if n < 1 || n > len(info.records) {
		return nil, wrap(ErrNotFound, "%s: no version %d", key, n)
	}
	v, err := s.readVersion(tx, info, n)
	return v, decodeErr(key, err)
}

// Versions returns every version of key, oldest first, or an error wrapping
// [ErrNotFound]. Use [Store.EachVersion] to walk many posts.
func (s *Store) Versions(key string) ([]annals.Version, error) {
	var vs []annals.Version
	err := s.view(func(tx *bolt.Tx) error {
		info, err := s.getInfo(tx, key)
		if err != nil {
			return err
		}
		for n := range len(info.records) {
			v, err := s.readVersion(tx, info, n+1)
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
	_, raw, err := s.Page(key, n)
	return raw, err
}

// Page returns version n of key (n = 0 means the latest) with its raw
// page, decompressed, in one read: what Version and Raw return.
func (s *Store) Page(key string, n int) (*annals.Version, []byte, error) {
	var v *annals.Version
	var raw []byte
	err := s.view(func(tx *bolt.Tx) (err error) {
		if v, err = s.versionIn(tx, key, n); err != nil {
			return err
		}
		if raw, err = s.blob(tx, v.RawHash, nil); err != nil {
			return wrap(err, "%s: version %d: raw page: %v", key, v.Number, err)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if raw == nil {
		raw = []byte{}
	}
	return v, raw, nil
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
	var rec []byte
	if id := tx.Bucket(bucketHashes).Get(h); id != nil {
		rec = tx.Bucket(bucketBlobs).Get(id)
	}
	if len(rec) <= sha256.Size {
		return nil, fmt.Errorf("no raw page %s", hash)
	}
	return s.decodeFrame(tx, rec[sha256.Size:], dst)
}

// Each calls fn for every post, in key order, within one read transaction,
// so fn sees a consistent view. It stops at the first error fn returns and
// returns it, and returns ctx.Err() if ctx is done. fn must not call the
// Store's methods: they open transactions of their own, which can deadlock
// with this one when a write grows the file. A long walk also delays such
// writes from other goroutines.
func (s *Store) Each(ctx context.Context, fn func(*PostInfo) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return s.eachInfo(ctx, tx, func(_ []byte, info *PostInfo) error {
			info.records, info.hash = nil, ""
			return call(fn, info)
		})
	})
}

// eachInfo decodes every post summary in key order and calls fn with the
// post's key and summary, stopping at fn's first error or when ctx is done.
func (s *Store) eachInfo(ctx context.Context, tx *bolt.Tx, fn func(k []byte, info *PostInfo) error) error {
	c := tx.Bucket(bucketPosts).Cursor()
	var r releaser
	for k, data := c.First(); k != nil; k, data = c.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.read(tx)
		info, err := s.decodeInfo(tx, k, data)
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
		err := s.eachInfo(ctx, tx, func(_ []byte, info *PostInfo) error {
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
			st.RawBytes += int64(len(data) - sha256.Size)
		}
		c = tx.Bucket(bucketDicts).Cursor()
		for k, data := c.First(); k != nil; k, data = c.Next() {
			if k[0] == 'i' && len(data) > 0 && data[0] == dictSite {
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

func (s *Store) getInfo(tx *bolt.Tx, key string) (*PostInfo, error) {
	data := tx.Bucket(bucketPosts).Get([]byte(key))
	if data == nil {
		return nil, wrap(ErrNotFound, "%s: post not found", key)
	}
	return s.decodeInfo(tx, []byte(key), data)
}

// decodeInfo and decodeVersion copy the value out of bbolt's memory, which
// is only valid inside the transaction.
func (s *Store) decodeInfo(tx *bolt.Tx, key, data []byte) (*PostInfo, error) {
	js, err := s.decodeFrame(tx, data, nil)
	if err != nil {
		return nil, decodeErr(string(key), err)
	}
	st := storedInfo{PostInfo: new(PostInfo)}
	if err := json.Unmarshal(js, &st); err != nil {
		return nil, decodeErr(string(key), err)
	}
	info := st.PostInfo
	info.Key, info.records, info.hash = string(key), st.Records, st.Hash
	return info, nil
}

// putInfo stores info in tx (see layout.go): its JSON without the key,
// compressed with the site's dictionary of summaries when it has one.
// With sample set, the JSON is also a sample towards that dictionary,
// and putInfo returns the dictionary once the samples make one, for the
// caller to write with putDict and settle.
func (s *Store) putInfo(tx *bolt.Tx, info *PostInfo, sample bool) (*newDict, error) {
	w := *info
	w.Key = ""
	data, err := json.Marshal(storedInfo{&w, info.records, info.hash})
	if err != nil {
		return nil, err
	}
	rec := data
	id, err := s.dictID(tx, dictInfos, info.Site)
	if err != nil {
		return nil, err
	}
	var d *newDict
	switch {
	case id != 0:
		enc, err := s.encoder(tx, id, dictInfos)
		if err != nil {
			return nil, err
		}
		rec = enc.EncodeAll(data, binary.BigEndian.AppendUint32([]byte{frameDict}, id))
	case sample:
		d = s.codec.sample(dictInfos, info.Site, data, sha256.Sum256(data))
	}
	return d, bucket(tx, bucketPosts).Put([]byte(info.Key), rec)
}

// readVersion reads version n of the post of info from its record.
func (s *Store) readVersion(tx *bolt.Tx, info *PostInfo, n int) (*annals.Version, error) {
	rec := tx.Bucket(bucketRecords).Get(idKey(info.records[n-1]))
	if rec == nil {
		return nil, fmt.Errorf("version %d: no record", n)
	}
	return s.decodeVersion(tx, n, rec)
}

// decodeVersion decodes the record of version n.
func (s *Store) decodeVersion(tx *bolt.Tx, n int, data []byte) (*annals.Version, error) {
	js, err := s.decodeFrame(tx, data, nil)
	if err != nil {
		return nil, err
	}
	v := new(annals.Version)
	if err := json.Unmarshal(js, v); err != nil {
		return nil, err
	}
	v.Number = n
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
