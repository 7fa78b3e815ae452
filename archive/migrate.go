package archive

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

// migrateBytes is about how many bytes of raw pages one transaction of
// the migration moves: small enough that a kill loses little work and
// memory stays flat, large enough that commits are few.
var migrateBytes = 8 << 20

// migrate upgrades a schema-1 file to schema 2 in place, post by post, in
// transactions of a few megabytes: each post's versions move from their
// own bucket to the flat versions bucket, compressed; its raw pages move
// to blobs, stored once by hash; and its fetch log is made from what the
// file knew of its fetches (each version's fetch, except those that only
// read a stored page again, and the last check). The file says schema 1
// until every post is moved, so a migration that is interrupted, even by
// kill -9, goes on where it stopped at the next Open for writing.
func (s *Store) migrate() error {
	var total int
	err := s.update(func(tx *bolt.Tx) error {
		for _, name := range schemaBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		total = bucket(tx, bucketPosts).Stats().KeyN
		return tx.Bucket(bucketMeta).Put(metaMigrating, []byte(strconv.Itoa(SchemaVersion)))
	})
	if err != nil {
		return wrap(err, "upgrade %s: %v", s.path, err)
	}
	progress := s.opts.OnMigrate
	if progress == nil {
		progress = func(int, int) {}
	}
	progress(0, total)
	done := 0
	for batch := 1; ; batch++ {
		if batch == s.opts.migrateBatches+1 && batch > 1 {
			return wrap(errMigrationStopped, "upgrade %s: %v", s.path, errMigrationStopped)
		}
		var moved int
		var dicts []written
		err := s.update(func(tx *bolt.Tx) error {
			var err error
			moved, dicts, err = s.migrateSome(tx)
			return err
		})
		s.codec.settleAll(dicts, err)
		if err != nil {
			return wrap(err, "upgrade %s: %v", s.path, err)
		}
		if moved == 0 {
			break
		}
		// The pages read and written are mapped in: hand them back, so
		// that memory stays flat however large the file.
		_ = s.view(func(tx *bolt.Tx) error {
			releasePages(tx.DB(), tx.Size())
			return nil
		})
		done += moved
		progress(min(done, total), total)
	}
	err = s.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketRaw, bucketVersions, bucketCrawls} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Delete(metaMigrating); err != nil {
			return err
		}
		return meta.Put(metaSchema, []byte(strconv.Itoa(SchemaVersion)))
	})
	if err != nil {
		return wrap(err, "upgrade %s: %v", s.path, err)
	}
	return nil
}

var errMigrationStopped = errors.New("stopped by a test")

// written is a dictionary a transaction wrote, to settle once it commits.
type written struct {
	d  *newDict
	id uint32
}

// migrateSome moves the first posts left in schema 1's versions bucket
// (each leaves it when moved) until about migrateBytes of raw pages have
// moved, and returns how many it moved.
func (s *Store) migrateSome(tx *bolt.Tx) (int, []written, error) {
	versions := bucket(tx, bucketVersions)
	var keys [][]byte
	c := versions.Cursor()
	size := 0
	for k, v := c.First(); k != nil && size < migrateBytes; k, v = c.Next() {
		if v != nil {
			return 0, nil, fmt.Errorf("versions: %q is not a post's bucket", k)
		}
		keys = append(keys, bytes.Clone(k))
		size += versions.Bucket(k).Stats().LeafInuse * 4 // raw pages are some times their records
	}
	var dicts []written
	for _, key := range keys {
		if err := s.migratePost(tx, string(key), &dicts); err != nil {
			return 0, dicts, fmt.Errorf("%s: %w", key, err)
		}
	}
	return len(keys), dicts, nil
}

// migratePost moves one post's versions and raw pages to schema 2.
func (s *Store) migratePost(tx *bolt.Tx, key string, dicts *[]written) error {
	versions := bucket(tx, bucketVersions)
	old := versions.Bucket([]byte(key))
	info, err := s.getInfo(tx, key)
	if err != nil {
		return err
	}
	var raws *bolt.Bucket
	if b := tx.Bucket(bucketRaw); b != nil {
		raws = b
	}
	var recs [][]byte
	var last *annals.Version
	var lastFetch *FetchRecord
	err = old.ForEach(func(k, data []byte) error {
		if len(k) != 4 || int(binary.BigEndian.Uint32(k)) != len(recs)+1 {
			return fmt.Errorf("version %x out of order", k)
		}
		v, err := s.decodeVersion(tx, len(recs)+1, data)
		if err != nil {
			return fmt.Errorf("version %d: %w", len(recs)+1, err)
		}
		var raw []byte
		if raws != nil {
			if gz := raws.Get(rawKey(key, v.Number)); len(gz) > 0 {
				if raw, err = gunzip(gz); err != nil {
					return fmt.Errorf("version %d: raw page: %w", v.Number, err)
				}
			}
		}
		if len(raw) > 0 {
			hash := sha256.Sum256(raw)
			v.RawHash = hex.EncodeToString(hash[:])
			if bucket(tx, bucketHashes).Get(hash[:]) == nil {
				frame, d, err := s.encode(tx, dictPages, info.Site, raw, &hash)
				if err != nil {
					return err
				}
				if err := s.putDictIn(tx, d, dicts); err != nil {
					return err
				}
				if _, err := putBlob(tx, &hash, frame); err != nil {
					return err
				}
			}
		}
		rec, d, err := s.versionRecord(tx, info.Site, v)
		if err != nil {
			return err
		}
		if err := s.putDictIn(tx, d, dicts); err != nil {
			return err
		}
		recs = append(recs, rec)
		last = v
		if v.Cause != annals.CauseExtractor {
			f := &FetchRecord{At: v.FetchedAt, Status: v.Status, URL: v.URL, Blob: v.RawHash, Size: len(raw),
				Version: v.Number, ETag: v.ETag, LastModified: v.LastModified, Via: v.Via}
			if err := appendFetch(tx, key, f, false); err != nil {
				return err
			}
			lastFetch = f
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The last check, when it came after the last version's fetch: a 304
	// or a 404 that made no version.
	if info.LastStatus != 0 && (lastFetch == nil || info.LastChecked.UnixMicro() > lastFetch.At.UnixMicro()) {
		f := &FetchRecord{At: info.LastChecked, Status: info.LastStatus, ETag: info.ETag, LastModified: info.LastModified}
		if err := appendFetch(tx, key, f, true); err != nil {
			return err
		}
	}
	if err := versions.DeleteBucket([]byte(key)); err != nil {
		return err
	}
	info.records = info.records[:0]
	if last != nil {
		info.hash = last.ContentHash
	}
	for i, rec := range recs {
		id, err := putRecord(tx, rec)
		if err != nil {
			return err
		}
		info.records = append(info.records, id)
		if raws != nil {
			if err := raws.Delete(rawKey(key, i+1)); err != nil {
				return err
			}
		}
	}
	// The summary, compressed as schema 2 stores it.
	d, err := s.putInfo(tx, info, true)
	if err != nil {
		return err
	}
	return s.putDictIn(tx, d, dicts)
}

// putDictIn writes a dictionary a migration's encode made, noting it to
// settle after the commit.
func (s *Store) putDictIn(tx *bolt.Tx, d *newDict, dicts *[]written) error {
	if d == nil {
		return nil
	}
	id, err := putDict(tx, d)
	*dicts = append(*dicts, written{d, id})
	return err
}

// gunzip decompresses a schema-1 raw page.
func gunzip(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
