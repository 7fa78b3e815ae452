package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

// ErrContentHash is returned (inside an [*ImportError]) by [Store.Import]
// for a record whose content hash does not match its content: a record cut
// down by export --fields, or edited by hand.
var ErrContentHash = errors.New("archive: content hash does not match the content")

// Imported is one version of a post read back from an export, as given to
// [Store.Import].
type Imported struct {
	// Key is the key the post was archived under where it was exported;
	// empty means Post.Key().
	Key string
	// Post is the version's post. It must not be nil.
	Post *annals.Post
	// FetchedAt is when the version was fetched. It must not be zero.
	FetchedAt time.Time
	// Status is the HTTP status of that fetch.
	Status int
	// ContentHash, when not empty, must equal the post's
	// [annals.Post.ContentHash].
	ContentHash string
	// GoneAt is when the post was found gone, if it was.
	GoneAt *time.Time
	// Extractor names what read the post from its page, when known: see
	// [annals.Version].
	Extractor string
	// Cause says why the version was made, when known: see [annals.Version].
	Cause string
}

// ImportOutcome says what [Store.Import] did with one [Imported].
type ImportOutcome int

const (
	// ImportAdded: the version was added, as the next version of its post
	// (version 1 of a post the archive did not have).
	ImportAdded ImportOutcome = iota + 1
	// ImportPresent: the post already has this version (same content hash
	// and fetch time), or the version is newer than the post's latest but
	// has the same content, which then only moves the post's last-checked
	// time, as an unchanged fetch would.
	ImportPresent
	// ImportSkipped: the version is older than the post's latest version and
	// not one of its versions. It is not added, since versions are never
	// inserted or renumbered.
	ImportSkipped
)

// String returns "added", "present" or "skipped".
func (o ImportOutcome) String() string {
	switch o {
	case ImportAdded:
		return "added"
	case ImportPresent:
		return "present"
	case ImportSkipped:
		return "skipped"
	}
	return fmt.Sprintf("ImportOutcome(%d)", int(o))
}

// ImportError reports a record [Store.Import] refused, before it wrote
// anything.
type ImportError struct {
	Index int    // the record's index in the slice given to Import
	Key   string // its key, as given or derived
	Err   error
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("archive: import record %d (%s): %v", e.Index, e.Key, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

// Import merges versions read back from an export into the archive, in one
// transaction, and returns what it did with each.
//
// A record joins the post stored under its key; when the archive has no
// post under that key but knows the key, the canonical URL or the URL as an
// alias, it joins that post instead. Then, in order:
//
//   - a post the archive does not have gets the record as version 1;
//   - a record whose content hash and fetch time equal one of the post's
//     versions is already there ([ImportPresent]);
//   - a record fetched after the post's latest version becomes the next
//     version when its content differs ([ImportAdded]) and, when it is the
//     same, only moves the last-checked time ([ImportPresent]): the rule a
//     crawl follows;
//   - any other record is older than the post's history and is skipped
//     ([ImportSkipped]): existing versions are never overwritten, inserted
//     between or renumbered.
//
// So importing the same records twice changes nothing the second time. A
// record with GoneAt marks a post that is not gone as gone when GoneAt is
// after the post's last check. Imported versions carry no raw page and no
// HTTP validators (the next crawl of the post fetches it in full).
//
// Every record is checked before anything is written: a nil Post, a zero
// FetchedAt, an unusable key or a content hash that does not match
// ([ErrContentHash]) fail the whole call with an [*ImportError].
func (s *Store) Import(recs []Imported) ([]ImportOutcome, error) {
	type prepared struct {
		keys []string // the key to store under, then other URLs to look up
		v    *annals.Version
	}
	preps := make([]prepared, len(recs))
	for i, r := range recs {
		key := r.Key
		if key == "" && r.Post != nil {
			key = r.Post.Key()
		}
		fail := func(err error) error { return &ImportError{Index: i, Key: key, Err: err} }
		switch {
		case r.Post == nil:
			return nil, fail(errors.New("no post"))
		case r.FetchedAt.IsZero():
			return nil, fail(errors.New("no fetch time"))
		}
		if err := checkKey(key); err != nil {
			return nil, fail(err)
		}
		post := normalize(*r.Post)
		hash := post.ContentHash()
		if r.ContentHash != "" && r.ContentHash != hash {
			return nil, fail(ErrContentHash)
		}
		preps[i] = prepared{
			keys: []string{key, post.CanonicalURL, post.URL},
			v: &annals.Version{
				FetchedAt:        r.FetchedAt,
				URL:              post.URL,
				Status:           r.Status,
				ContentHash:      hash,
				CommentsHash:     post.CommentsHash(),
				PostHash:         post.PostHash(),
				CommentsComplete: post.CommentsComplete(),
				Post:             post,
				Extractor:        r.Extractor,
				Cause:            r.Cause,
			},
		}
	}

	out := make([]ImportOutcome, len(recs))
	var dicts []written
	err := s.update(func(tx *bolt.Tx) error {
		dicts = dicts[:0]
		for i, p := range preps {
			key := resolveIn(tx, p.keys)
			o, d, id, err := s.importOne(tx, key, p.v, recs[i].GoneAt)
			if d != nil {
				dicts = append(dicts, written{d, id})
			}
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			if err := putAliases(tx, key, p.keys...); err != nil {
				return err
			}
			out[i] = o
		}
		return nil
	})
	s.codec.settleAll(dicts, err)
	if err != nil {
		return nil, s.writeErr("import", fmt.Sprintf("%d records", len(recs)), err)
	}
	return out, nil
}

// resolveIn returns the key to import under: the first of urls that is a
// post key, else the key the first known alias points to, else urls[0].
func resolveIn(tx *bolt.Tx, urls []string) string {
	posts, aliases := bucket(tx, bucketPosts), bucket(tx, bucketAliases)
	if posts.Get([]byte(urls[0])) != nil {
		return urls[0]
	}
	for _, u := range urls {
		if u == "" || len(u) > bolt.MaxKeySize {
			continue
		}
		if k := aliases.Get([]byte(u)); k != nil {
			return string(k)
		}
	}
	return urls[0]
}

// importOne imports v under key in tx. It returns the version dictionary
// it wrote for the post's site, if any, and its id.
func (s *Store) importOne(tx *bolt.Tx, key string, v *annals.Version, goneAt *time.Time) (ImportOutcome, *newDict, uint32, error) {
	info, err := s.getInfo(tx, key)
	var was []byte // the summary as stored, to write it only when it changes
	switch {
	case errors.Is(err, ErrNotFound):
		info = &PostInfo{Key: key, Site: siteOf(key, v.Post.Site), FirstSeen: v.FetchedAt}
	case err != nil:
		return 0, nil, 0, err
	default:
		if was, err = json.Marshal(info); err != nil {
			return 0, nil, 0, err
		}
	}
	// What the post has: each version's hash and time, and the latest.
	type stamp struct {
		Number      int       `json:"-"`
		FetchedAt   time.Time `json:"fetched_at"`
		ContentHash string    `json:"content_hash"`
	}
	var latest *stamp
	outcome := ImportAdded
	var buf []byte
	records := tx.Bucket(bucketRecords)
	for i, id := range info.records {
		data := records.Get(idKey(id))
		if data == nil {
			return 0, nil, 0, fmt.Errorf("version %d: no record", i+1)
		}
		js, err := s.decodeFrame(tx, data, buf)
		if err != nil {
			return 0, nil, 0, err
		}
		buf = js
		var st stamp
		if err := json.Unmarshal(js, &st); err != nil {
			return 0, nil, 0, err
		}
		st.Number = i + 1
		if st.ContentHash == v.ContentHash && st.FetchedAt.Equal(v.FetchedAt) {
			outcome = ImportPresent
		}
		latest = &st
	}
	switch {
	case outcome == ImportPresent:
	case latest == nil:
		v.Number = 1
	case !v.FetchedAt.After(latest.FetchedAt):
		outcome = ImportSkipped
	case v.ContentHash == latest.ContentHash:
		outcome = ImportPresent
		if v.FetchedAt.After(info.LastChecked) {
			info.LastChecked, info.LastStatus, info.GoneAt = v.FetchedAt, v.Status, nil
		}
	default:
		v.Number = latest.Number + 1
	}
	var dict *newDict
	var dictID uint32
	if outcome == ImportAdded {
		rec, d, err := s.versionRecord(tx, info.Site, v)
		if err != nil {
			return 0, nil, 0, err
		}
		if dictID, err = putDict(tx, d); err != nil {
			return 0, d, 0, err
		}
		dict = d
		id, err := putRecord(tx, rec)
		if err != nil {
			return 0, dict, dictID, err
		}
		info.records, info.hash = append(info.records, id), v.ContentHash
		info.Versions = v.Number
		if v.Cause != annals.CauseExtractor {
			info.SiteChanged = v.FetchedAt
		}
		// The validators belong to the archive's own last fetch, which
		// this version now follows: drop them so the next crawl fetches
		// the page in full.
		info.ETag, info.LastModified = "", ""
		info.Title, info.Published, info.Comments = v.Post.Title, v.Post.Published, len(v.Post.Comments)
		if v.FetchedAt.After(info.LastChecked) {
			info.LastChecked, info.LastStatus, info.GoneAt = v.FetchedAt, v.Status, nil
		}
	}
	if goneAt != nil && info.GoneAt == nil && goneAt.After(info.LastChecked) {
		t := *goneAt
		info.GoneAt, info.LastChecked = &t, t
	}
	data, err := json.Marshal(info)
	if err != nil || bytes.Equal(data, was) {
		return outcome, dict, dictID, err
	}
	_, err = s.putInfo(tx, info, false)
	return outcome, dict, dictID, err
}
