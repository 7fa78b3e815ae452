package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Fetch is one fetched and extracted page, as given to [Store.Put].
type Fetch struct {
	// URL is the URL the page was fetched from (after redirects). It is
	// recorded as an alias of the post's key for [Store.Resolve].
	URL string
	// Aliases are other URLs that led to the post (the URL requested before
	// a redirect, a variant with tracking parameters); each is recorded as an
	// alias of the key.
	Aliases []string
	// FetchedAt is when the page was fetched; zero means the Store's clock.
	FetchedAt time.Time
	// Status is the HTTP status of the response.
	Status int
	// ETag and LastModified are the response's validators, kept for the
	// next conditional request.
	ETag         string
	LastModified string
	// Raw is the raw page. It is stored compressed, once however many
	// fetches bring the same bytes (see layout.go).
	Raw []byte
	// RawHash, when set, is the hex SHA-256 of Raw, known because Raw was
	// read back from the archive (a Reread): Put does not hash it again.
	RawHash string
	// Post is the post extracted from Raw. It must not be nil.
	Post *annals.Post
	// Via is the discovery route that found the page, recorded in a new
	// version.
	Via string
	// CommentsVia names where comments beyond the page's own came from;
	// "" when all come from the page.
	CommentsVia string
	// CommentsDeclared, when not nil, is a comment count declared outside
	// the page (a platform's feed or API total); the version records the
	// larger of it and Post.CommentCount.
	CommentsDeclared *int
	// CommentsMissing marks comments known to be incomplete even when no
	// count says so (a "load more" that could not be followed).
	CommentsMissing bool
	// Parts is the number of pages joined into Post for a post split over
	// several pages (Raw is the first); 0 or 1 for one page.
	Parts int
	// Extractor names what read Post from Raw: see [annals.Version].
	Extractor string
	// Cause is recorded on the version Put adds when the post had one
	// already: see [annals.Version].
	Cause string
	// Reread marks a fetch that is no fetch: the latest version's stored
	// page read again (annals reextract). The post's check state (last
	// checked, status, validators, gone) is left as it is.
	Reread bool
	// AuthorsVia names where Post.Authors came from when not from the
	// page: a feed, the platform's API, oEmbed.
	AuthorsVia string
}

// Outcome says what [Store.Put] did.
type Outcome int

const (
	// Unchanged: the latest version already has this content; no version was added.
	Unchanged Outcome = iota
	// New: the post was not archived; it now has version 1.
	New
	// Changed: the content or comments differ from the latest version; a version was added.
	Changed
)

// String returns "unchanged", "new" or "changed".
func (o Outcome) String() string {
	switch o {
	case Unchanged:
		return "unchanged"
	case New:
		return "new"
	case Changed:
		return "changed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Put stores f under key, the caller's normalized canonical URL, in one
// transaction. A post not yet archived gets version 1 ([New]). When the
// latest version has the same [annals.Post.ContentHash] no version is added:
// only LastChecked, LastStatus and the non-empty validators are updated
// ([Unchanged], and the returned Version is the latest one). Otherwise the
// post gets the next version number ([Changed]). Either way f.URL becomes an
// alias of key and a gone post is no longer gone.
//
// The stored post is a normalized copy of f.Post: nil Comments become empty,
// empty Authors and Tags become nil, so that it hashes the same once decoded.
// Put returns an error for an empty or oversized key, a nil Post, a
// read-only Store or a failed write.
func (s *Store) Put(key string, f *Fetch) (Outcome, *annals.Version, error) {
	if err := checkKey(key); err != nil {
		return 0, nil, err
	}
	if f == nil || f.Post == nil {
		return 0, nil, fmt.Errorf("archive: put %s: no post", key)
	}
	at := f.FetchedAt
	if at.IsZero() {
		at = s.now()
	}
	post := normalize(*f.Post)
	declared := post.CommentCount
	if f.CommentsDeclared != nil && (declared == nil || *f.CommentsDeclared > *declared) {
		declared = f.CommentsDeclared
	}
	if declared != nil {
		d := *declared
		declared = &d
	}
	v := &annals.Version{
		FetchedAt:        at,
		URL:              f.URL,
		Status:           f.Status,
		ETag:             f.ETag,
		LastModified:     f.LastModified,
		ContentHash:      post.ContentHash(),
		CommentsHash:     post.CommentsHash(),
		PostHash:         post.PostHash(),
		CommentsComplete: !f.CommentsMissing && (declared == nil || len(post.Comments) >= *declared),
		RawSize:          len(f.Raw),
		Post:             post,
		Via:              f.Via,
		CommentsVia:      f.CommentsVia,
		CommentsDeclared: declared,
		CommentsCaptured: len(post.Comments),
	}
	if f.Parts > 1 {
		v.Parts = f.Parts
	}
	v.AuthorsVia = f.AuthorsVia
	v.Extractor = f.Extractor
	v.Cause = f.Cause

	// Compress before taking the write lock: the page, unless the archive
	// has its bytes already, and the version record.
	site := siteOf(key, post.Site)
	var hash [32]byte
	var blob []byte
	var pageDict, verDict *newDict
	if len(f.Raw) > 0 {
		if h, err := hex.DecodeString(f.RawHash); err == nil && len(h) == len(hash) {
			copy(hash[:], h)
		} else {
			hash = sha256.Sum256(f.Raw)
		}
		v.RawHash = hex.EncodeToString(hash[:])
		have, err := s.hasBlob(hash)
		if err != nil {
			return 0, nil, s.writeErr("put", key, err)
		}
		if !have {
			if blob, pageDict, err = s.encode(nil, dictPages, site, f.Raw, &hash); err != nil {
				return 0, nil, s.writeErr("put", key, err)
			}
		}
	}
	rec, verDict, err := s.versionRecord(nil, site, v)
	if err != nil {
		s.codec.settle(pageDict, 0)
		return 0, nil, s.writeErr("put", key, err)
	}

	outcome := New
	prepared := *v
	var pageID, verID, infoID uint32
	var infoDict *newDict
	err = s.write(func(tx *bolt.Tx) error {
		// batch may run this twice: start over each time.
		outcome, v = New, &annals.Version{}
		*v = prepared
		var err error
		if pageID, err = putDict(tx, pageDict); err != nil {
			return err
		}
		if verID, err = putDict(tx, verDict); err != nil {
			return err
		}
		putInfo := func(info *PostInfo) error {
			d, err := s.putInfo(tx, info, infoDict == nil)
			if err != nil {
				return err
			}
			if d != nil {
				infoDict = d
			}
			infoID, err = putDict(tx, infoDict)
			return err
		}
		info, err := s.getInfo(tx, key)
		switch {
		case errors.Is(err, ErrNotFound):
			info = &PostInfo{Key: key, Site: site, FirstSeen: at}
		case err != nil:
			return err
		}
		if !f.Reread {
			info.LastChecked, info.LastStatus, info.GoneAt = at, f.Status, nil
		}
		if err := putAliases(tx, key, append([]string{f.URL, post.URL, post.CanonicalURL}, f.Aliases...)...); err != nil {
			return err
		}
		if blob != nil {
			if _, err := putBlob(tx, &hash, blob); err != nil {
				return err
			}
		}
		fetch := &FetchRecord{At: at, Status: f.Status, URL: f.URL, Blob: v.RawHash, Size: len(f.Raw),
			ETag: f.ETag, LastModified: f.LastModified, Via: f.Via}

		record := rec
		if n := len(info.records); n > 0 && info.hash != "" && info.hash != v.ContentHash {
			// Changed, as the summary says: no need to read the latest.
			outcome, v.Number = Changed, n+1
		} else if n > 0 {
			latest, err := s.readVersion(tx, info, n)
			if err != nil {
				return err
			}
			if latest.ContentHash == v.ContentHash {
				outcome, v = Unchanged, latest
				if f.Reread {
					return nil // the same reading of the same page: nothing to record
				}
				if f.ETag != "" {
					info.ETag = f.ETag
				}
				if f.LastModified != "" {
					info.LastModified = f.LastModified
				}
				if err := appendFetch(tx, key, fetch, false); err != nil {
					return err
				}
				return putInfo(info)
			}
			outcome, v.Number = Changed, latest.Number+1
		} else {
			v.Number = 1
			if v.Cause != "" { // a first version has no cause
				v.Cause = ""
				if record, _, err = s.versionRecord(tx, site, v); err != nil {
					return err
				}
			}
		}
		id, err := putRecord(tx, record)
		if err != nil {
			return err
		}
		info.records, info.hash = append(info.records, id), v.ContentHash
		if !f.Reread {
			fetch.Version = v.Number
			if err := appendFetch(tx, key, fetch, false); err != nil {
				return err
			}
		}
		info.Versions = v.Number
		if v.Cause != annals.CauseExtractor {
			info.SiteChanged = at
		}
		if !f.Reread {
			info.ETag, info.LastModified = f.ETag, f.LastModified
		}
		info.Title, info.Published, info.Comments = post.Title, post.Published, len(post.Comments)
		return putInfo(info)
	})
	s.codec.settleAll([]written{{pageDict, pageID}, {verDict, verID}, {infoDict, infoID}}, err)
	if err != nil {
		return 0, nil, s.writeErr("put", key, err)
	}
	return outcome, v, nil
}

// hasBlob reports whether the archive has a raw page of this hash.
func (s *Store) hasBlob(hash [32]byte) (bool, error) {
	var have bool
	err := s.view(func(tx *bolt.Tx) error {
		have = bucket(tx, bucketHashes).Get(hash[:]) != nil
		return nil
	})
	return have, err
}

// versionRecord encodes v as a version record of site (see layout.go):
// its JSON without what the key and the post give again, compressed.
func (s *Store) versionRecord(tx *bolt.Tx, site string, v *annals.Version) ([]byte, *newDict, error) {
	w := *v
	w.Number, w.CommentsHash, w.PostHash = 0, "", ""
	data, err := json.Marshal(&w)
	if err != nil {
		return nil, nil, err
	}
	return s.encode(tx, dictVersions, site, data, nil)
}

// Touch records that key was checked at t (zero means the Store's clock)
// and answered status, typically 304 Not Modified: it sets LastChecked and
// LastStatus and clears GoneAt. No version is added. It returns
// [ErrNotFound] for an unknown key.
func (s *Store) Touch(key string, t time.Time, status int) error {
	return s.updateInfo("touch", key, t, func(info *PostInfo, t time.Time) {
		info.LastChecked, info.LastStatus, info.GoneAt = t, status, nil
	})
}

// MarkGone records that key answered status (404 or 410) at t (zero means
// the Store's clock): LastChecked, LastStatus and, unless the post is
// already gone, GoneAt are set. Nothing is deleted; a later Put or Touch
// clears GoneAt. It returns [ErrNotFound] for an unknown key.
func (s *Store) MarkGone(key string, t time.Time, status int) error {
	return s.updateInfo("mark gone", key, t, func(info *PostInfo, t time.Time) {
		info.LastChecked, info.LastStatus = t, status
		if info.GoneAt == nil {
			info.GoneAt = &t
		}
	})
}

func (s *Store) updateInfo(op, key string, t time.Time, fn func(*PostInfo, time.Time)) error {
	if t.IsZero() {
		t = s.now()
	}
	err := s.write(func(tx *bolt.Tx) error {
		info, err := s.getInfo(tx, key)
		if err != nil {
			return err
		}
		fn(info, t)
		if err := appendFetch(tx, key, &FetchRecord{At: t, Status: info.LastStatus}, true); err != nil {
			return err
		}
		_, err = s.putInfo(tx, info, false)
		return err
	})
	return s.writeErr(op, key, err)
}

// writeErr gives a write error its context, keeping ErrNotFound's short form.
func (s *Store) writeErr(op, key string, err error) error {
	var we *wrapError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound), errors.As(err, &we):
		return err
	case errors.Is(err, berrors.ErrDatabaseReadOnly):
		return wrap(err, "%s %s: %s is open read-only", op, key, s.path)
	}
	return wrap(err, "%s %s: %v", op, key, err)
}

func checkKey(key string) error {
	if key == "" {
		return errors.New("archive: empty post key")
	}
	if strings.IndexByte(key, 0) >= 0 {
		return errors.New("archive: post key holds a NUL byte")
	}
	if len(key)+5 > bolt.MaxKeySize {
		return fmt.Errorf("archive: post key of %d bytes is too long", len(key))
	}
	return nil
}

// putAliases records each non-empty URL other than key itself as an alias of
// key; the latest Put wins.
func putAliases(tx *bolt.Tx, key string, urls ...string) error {
	b := bucket(tx, bucketAliases)
	for _, u := range urls {
		if u == "" || u == key || len(u) > bolt.MaxKeySize {
			continue
		}
		if bytes.Equal(b.Get([]byte(u)), []byte(key)) {
			continue
		}
		if err := b.Put([]byte(u), []byte(key)); err != nil {
			return err
		}
	}
	return nil
}

func normalize(p annals.Post) annals.Post {
	if p.Comments == nil {
		p.Comments = []annals.Comment{}
	}
	if len(p.Authors) == 0 {
		p.Authors = nil
	}
	if len(p.Tags) == 0 {
		p.Tags = nil
	}
	return p
}

// siteOf returns the lower-case host of key, or fallback when key has none.
func siteOf(key, fallback string) string {
	if u, err := url.Parse(key); err == nil && u.Hostname() != "" {
		return strings.ToLower(u.Hostname())
	}
	return fallback
}

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

// SameContent reports whether p, once normalized as Put stores it, has the
// content of version v (the same [annals.Post.ContentHash]).
func SameContent(v *annals.Version, p *annals.Post) bool {
	n := normalize(*p)
	return v.ContentHash == n.ContentHash()
}

// SameComments reports whether p, once normalized, has the comments of
// version v (the same [annals.Post.CommentsHash]).
func SameComments(v *annals.Version, p *annals.Post) bool {
	n := normalize(*p)
	return v.CommentsHash == n.CommentsHash()
}

// SamePost reports whether a and b, normalized as Put stores them, have
// the same post and the same comments.
func SamePost(a, b *annals.Post) bool {
	x, y := normalize(*a), normalize(*b)
	return x.ContentHash() == y.ContentHash()
}
