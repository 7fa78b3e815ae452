package archive

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FetchRecord is one fetch of a post's page, kept whether or not it made
// a version: a crawl or update that brought the page (with the page's
// blob), a revalidation answered 304, a 404 or 410. A post's records are
// its fetch log ([Store.Fetches]). Times are kept to the microsecond.
type FetchRecord struct {
	At     time.Time `json:"at"`
	Status int       `json:"status"`
	// URL is the URL fetched (after redirects); it is the post's key when
	// the log says nothing else.
	URL string `json:"url,omitempty"`
	// Blob is the hex SHA-256 of the raw page the fetch brought, and Size
	// its length; "" and 0 when it brought none (304, 404).
	Blob string `json:"blob,omitempty"`
	Size int    `json:"size,omitempty"`
	// Version is the version the fetch made; 0 when it made none (the
	// page read the same as the latest version).
	Version int `json:"version,omitempty"`
	// ETag and LastModified are the response's validators.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Via is the discovery route that found the page.
	Via string `json:"via,omitempty"`
}

// Flags of a fetch record (see layout.go). A validator or route whose
// flag is not set is the record before's, and so is the URL when it is
// written empty: a log of revalidations repeats nothing.
const (
	fetchBlob     = 1 << iota // a blob id follows
	fetchSameBlob             // the blob of the record before
	fetchVersion              // a version number follows
	fetchETag                 // an ETag follows
	fetchModified             // a Last-Modified follows
	fetchVia                  // a route follows
)

var errFetchLog = errors.New("bad fetch log")

// fetchEntry is a fetch record as a log holds it: its page by the blob's
// id (0 for none), which only Fetches turns into the page's hash.
type fetchEntry struct {
	FetchRecord
	blob uint64
}

// appendFetch adds r to key's fetch log in tx. A check (a revalidation
// or a 404, which brings no page) takes the URL, validators and route r
// leaves empty from the record before.
func appendFetch(tx *bolt.Tx, key string, r *FetchRecord, check bool) error {
	b := bucket(tx, bucketFetches)
	log := b.Get([]byte(key))
	last := fetchEntry{FetchRecord: FetchRecord{URL: key}}
	if len(log) > 0 {
		recs, err := decodeFetches(log, key)
		if err != nil {
			return err
		}
		last = recs[len(recs)-1]
	}
	if check {
		c := *r
		for _, f := range []struct{ to, from *string }{
			{&c.URL, &last.URL}, {&c.ETag, &last.ETag}, {&c.LastModified, &last.LastModified}, {&c.Via, &last.Via},
		} {
			if *f.to == "" {
				*f.to = *f.from
			}
		}
		r = &c
	}
	var blob uint64
	if r.Blob != "" {
		if h, err := hex.DecodeString(r.Blob); err == nil {
			if id := tx.Bucket(bucketHashes).Get(h); len(id) == 8 {
				blob = binary.BigEndian.Uint64(id)
			}
		}
		if blob == 0 {
			return fmt.Errorf("fetch of %s: no raw page %s", key, r.Blob)
		}
	}
	out := make([]byte, 0, len(log)+16)
	out = append(out, log...)
	return b.Put([]byte(key), encodeFetch(out, &last, r, blob))
}

// encodeFetch appends r, whose page is the blob of id blob (0 for none),
// to a log whose last record is prev.
func encodeFetch(out []byte, prev *fetchEntry, r *FetchRecord, blob uint64) []byte {
	var flags byte
	switch {
	case blob == 0:
	case blob == prev.blob:
		flags |= fetchSameBlob
	default:
		flags |= fetchBlob
	}
	if r.Version != 0 {
		flags |= fetchVersion
	}
	if r.ETag != prev.ETag {
		flags |= fetchETag
	}
	if r.LastModified != prev.LastModified {
		flags |= fetchModified
	}
	if r.Via != prev.Via {
		flags |= fetchVia
	}
	out = append(out, flags)
	url := r.URL
	if url == "" {
		url = prev.URL
	}
	// The micro-seconds since the record before (or the epoch), zigzag.
	out = binary.AppendVarint(out, r.At.UnixMicro()-prevMicro(&prev.FetchRecord))
	out = binary.AppendUvarint(out, uint64(max(r.Status, 0)))
	if flags&fetchBlob != 0 {
		out = binary.AppendUvarint(out, blob)
	}
	if blob != 0 {
		out = binary.AppendUvarint(out, uint64(max(r.Size, 0)))
	}
	if r.Version != 0 {
		out = binary.AppendUvarint(out, uint64(r.Version))
	}
	if flags&fetchETag != 0 {
		out = appendString(out, r.ETag)
	}
	if flags&fetchModified != 0 {
		out = appendString(out, r.LastModified)
	}
	if flags&fetchVia != 0 {
		out = appendString(out, r.Via)
	}
	// The URL last: an empty string when it is the record before's.
	if url != prev.URL {
		out = appendString(out, url)
	} else {
		out = append(out, 0)
	}
	return out
}

func prevMicro(prev *FetchRecord) int64 {
	if prev.At.IsZero() {
		return 0
	}
	return prev.At.UnixMicro()
}

func appendString(out []byte, s string) []byte {
	return append(binary.AppendUvarint(out, uint64(len(s))), s...)
}

// decodeFetches reads a fetch log of key.
func decodeFetches(log []byte, key string) ([]fetchEntry, error) {
	var recs []fetchEntry
	prev := fetchEntry{FetchRecord: FetchRecord{URL: key}}
	for len(log) > 0 {
		r := fetchEntry{FetchRecord: FetchRecord{URL: prev.URL, ETag: prev.ETag, LastModified: prev.LastModified, Via: prev.Via}}
		flags := log[0]
		log = log[1:]
		d, n := binary.Varint(log)
		if n <= 0 {
			return nil, errFetchLog
		}
		log = log[n:]
		r.At = time.UnixMicro(prevMicro(&prev.FetchRecord) + d).UTC()
		status, n := binary.Uvarint(log)
		if n <= 0 {
			return nil, errFetchLog
		}
		log, r.Status = log[n:], int(status)
		var err error
		switch {
		case flags&fetchBlob != 0:
			if r.blob, log, err = uvarint(log); err != nil {
				return nil, err
			}
		case flags&fetchSameBlob != 0:
			r.blob = prev.blob
		}
		if r.blob != 0 {
			var size uint64
			if size, log, err = uvarint(log); err != nil {
				return nil, err
			}
			r.Size = int(size)
		}
		if flags&fetchVersion != 0 {
			var v uint64
			if v, log, err = uvarint(log); err != nil {
				return nil, err
			}
			r.Version = int(v)
		}
		for _, f := range []struct {
			flag byte
			to   *string
		}{{fetchETag, &r.ETag}, {fetchModified, &r.LastModified}, {fetchVia, &r.Via}} {
			if flags&f.flag != 0 {
				if *f.to, log, err = readString(log); err != nil {
					return nil, err
				}
			}
		}
		var url string
		if url, log, err = readString(log); err != nil {
			return nil, err
		}
		if url != "" {
			r.URL = url
		}
		recs = append(recs, r)
		prev = r
	}
	return recs, nil
}

func uvarint(b []byte) (uint64, []byte, error) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, nil, errFetchLog
	}
	return v, b[n:], nil
}

func readString(b []byte) (string, []byte, error) {
	n, b, err := uvarint(b)
	if err != nil || uint64(len(b)) < n {
		return "", nil, errFetchLog
	}
	return string(b[:n]), b[n:], nil
}

// Fetches returns key's fetch log, oldest first: every fetch and check of
// the post's page since the archive had schema 2, and, for the time
// before, the fetches its versions and its last check record. It returns
// an error wrapping [ErrNotFound] for an unknown key.
func (s *Store) Fetches(key string) ([]FetchRecord, error) {
	var recs []FetchRecord
	err := s.view(func(tx *bolt.Tx) error {
		if bucket(tx, bucketPosts).Get([]byte(key)) == nil {
			return wrap(ErrNotFound, "%s: post not found", key)
		}
		entries, err := decodeFetches(tx.Bucket(bucketFetches).Get([]byte(key)), key)
		if err != nil {
			return decodeErr(key, err)
		}
		blobs := tx.Bucket(bucketBlobs)
		for _, e := range entries {
			if e.blob != 0 {
				rec := blobs.Get(idKey(e.blob))
				if len(rec) < sha256.Size {
					return decodeErr(key, fmt.Errorf("fetch log: no blob %d", e.blob))
				}
				e.Blob = hex.EncodeToString(rec[:sha256.Size])
			}
			recs = append(recs, e.FetchRecord)
		}
		return nil
	})
	return recs, err
}
