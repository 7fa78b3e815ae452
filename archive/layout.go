package archive

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout version this package writes and reads. Open
// refuses files with a higher number ([ErrSchema]) and upgrades files of
// schema 1 in place when it opens them for writing (migrate.go).
const SchemaVersion = 2

// The layout of an archive file (schema 2). Every top-level bucket, its
// keys and its values:
//
//	meta       "schema"    -> decimal SchemaVersion
//	           "created"   -> RFC 3339 time the file was made
//	           "migrating" -> the schema a migration is upgrading to, while it runs
//	posts      key -> post summary: JSON PostInfo without its key, with
//	           "r": the ids of its versions' records, in a codec frame
//	records    id -> version record
//	hashes     SHA-256 of a raw page (32 bytes) -> id of its blob
//	blobs      id -> the page's SHA-256, then the page in a codec frame
//	fetches    key -> fetch log: the key's fetch records, oldest first
//	dicts      "i" big-endian uint32 id -> dictionary record
//	           "s" kind byte, site -> big-endian uint32 id of the site's dictionary
//	aliases    URL -> key
//	schedules  name -> JSON annals.Schedule
//	sites      site -> JSON SiteState
//
// A crawl's frontier lives in a file of its own, PATH.crawl (frontier.go);
// the archive's own "crawls" bucket, where it lived before, is dropped by
// the upgrade from schema 1.
//
// Keys are the caller's normalized URLs. Ids are big-endian uint64s from
// their bucket's sequence: what never changes once written (version
// records, raw pages) is appended in order, into pages bbolt packs full,
// and found through what points to it (a post's summary lists its
// versions, hashes finds a page).
//
// A version record is the JSON of an [annals.Version] without what its key
// and its post give again (number, comments_hash, post_hash), in a codec
// frame. A blob holds a raw page, stored once however many versions and
// fetches of however many posts brought the same bytes. A codec frame is
// one byte saying how the rest is stored:
//
//	'{'                        the JSON itself (schema 1 versions)
//	frameZstd  zstd frame      compressed alone
//	frameDict  uint32 id, zstd compressed with the dictionary id of the
//	           frame           site's pages or versions (codec.go)
//
// A dictionary record is its kind byte ('s' the site's pages and version
// records, 'i' its post summaries), uvarint length and bytes of the site
// it belongs to, and its content compressed alone as a zstd frame: the
// first distinct pages and records of the site, which the later ones
// share most of their bytes with (theme, sidebar, scripts, field names).
//
// A fetch record (fetches.go) is a flags byte, the time (zigzag varint
// microseconds since the record before, or since the Unix epoch for the
// first), the HTTP status and, as flags say, the blob (its id, or the same
// as the record before) with the page's size, the version the fetch made,
// the validators, the discovery route and the URL fetched.
//
// Schema 1 kept versions in "versions" (key -> bucket: big-endian uint32
// number -> JSON Version) and raw pages per version in "raw" (key "\x00"
// big-endian uint32 number -> gzip of the raw page), summaries as plain
// JSON; it had no records, hashes, blobs, fetches or dicts.
var (
	bucketMeta      = []byte("meta")
	bucketPosts     = []byte("posts")
	bucketVersions  = []byte("versions")
	bucketRecords   = []byte("records")
	bucketHashes    = []byte("hashes")
	bucketBlobs     = []byte("blobs")
	bucketFetches   = []byte("fetches")
	bucketDicts     = []byte("dicts")
	bucketAliases   = []byte("aliases")
	bucketSchedules = []byte("schedules")
	bucketSites     = []byte("sites")

	// bucketRaw and bucketVersions are schema 1's; only migrate.go reads
	// them.
	bucketRaw = []byte("raw")

	metaSchema    = []byte("schema")
	metaCreated   = []byte("created")
	metaMigrating = []byte("migrating")
)

// schemaBuckets are the top-level buckets of every schema-2 file.
var schemaBuckets = [][]byte{bucketPosts, bucketRecords, bucketHashes, bucketBlobs, bucketFetches, bucketDicts, bucketAliases}

// Codec frame bytes.
const (
	frameJSON = '{'
	frameZstd = 'z'
	frameDict = 'd'
)

// What is compressed, and the dictionary kinds: a site's pages and
// version records share its site dictionary; its post summaries, small
// and rewritten at every check, have their own.
const (
	dictPages    = 'p'
	dictVersions = 'v'
	dictInfos    = 'i'

	dictSite = 's'
)

// dictKind is the kind of dictionary data of the given sort (dictPages,
// dictVersions, dictInfos) is compressed with.
func dictKind(sort byte) byte {
	if sort == dictInfos {
		return dictInfos
	}
	return dictSite
}

// rawKey is schema 1's key of version n's raw page.
func rawKey(key string, n int) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(key), 0), uint32(n))
}

// dictKey and dictSiteKey are the keys of dictionary id and of the id of
// the site's dictionary of a kind.
func dictKey(id uint32) []byte { return binary.BigEndian.AppendUint32([]byte{'i'}, id) }

func dictSiteKey(kind byte, site string) []byte {
	return append([]byte{'s', kind}, site...)
}

// bucket returns the top-level bucket name of tx.
func bucket(tx *bolt.Tx, name []byte) *bolt.Bucket {
	return tx.Bucket(name)
}

// appendOnly returns the top-level bucket name of tx, whose keys are ids
// written in order: when tx writes, bbolt is told to pack its pages full
// (its default of half full suits keys that arrive in no order).
func appendOnly(tx *bolt.Tx, name []byte) *bolt.Bucket {
	b := tx.Bucket(name)
	if b != nil && tx.Writable() {
		b.FillPercent = 1
	}
	return b
}

// idKey is the key of id in an append-only bucket.
func idKey(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

// putRecord appends a version record and returns its id.
func putRecord(tx *bolt.Tx, rec []byte) (uint64, error) {
	b := appendOnly(tx, bucketRecords)
	id, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	return id, b.Put(idKey(id), rec)
}

// putBlob stores the raw page of hash, compressed as frame, unless the
// archive has it, and returns its blob's id.
func putBlob(tx *bolt.Tx, hash *[32]byte, frame []byte) ([]byte, error) {
	hashes := bucket(tx, bucketHashes)
	if id := hashes.Get(hash[:]); id != nil {
		return bytes.Clone(id), nil
	}
	b := appendOnly(tx, bucketBlobs)
	seq, err := b.NextSequence()
	if err != nil {
		return nil, err
	}
	id := idKey(seq)
	rec := make([]byte, 0, len(hash)+len(frame))
	if err := b.Put(id, append(append(rec, hash[:]...), frame...)); err != nil {
		return nil, err
	}
	return id, hashes.Put(hash[:], id)
}
