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
//	posts      key -> JSON PostInfo
//	versions   key "\x00" big-endian uint32 number -> version record
//	blobs      SHA-256 of a raw page (32 bytes) -> blob record
//	fetches    key -> fetch log: the key's fetch records, oldest first
//	dicts      "i" big-endian uint32 id -> dictionary record
//	           "s" kind byte, site -> big-endian uint32 id of the site's dictionary
//	aliases    URL -> key
//	schedules  name -> JSON annals.Schedule
//	sites      site -> JSON SiteState
//	crawls     id -> bucket: a crawl's frontier (frontier.go)
//
// Keys are the caller's normalized URLs: they hold no NUL byte, so that
// "key\x00" is the prefix of exactly one post's versions.
//
// A version record is the JSON of an [annals.Version] without the hashes
// that its post gives again (comments_hash, post_hash), in a codec frame.
// A blob record is a raw page, stored once however many versions and
// fetches of however many posts brought the same bytes, in a codec frame.
// A codec frame is one byte saying how the rest is stored:
//
//	'{'                        the JSON itself (schema 1 versions)
//	frameZstd  zstd frame      compressed alone
//	frameDict  uint32 id, zstd compressed with the dictionary id of the
//	           frame           site's pages or versions (codec.go)
//
// A dictionary record is its kind byte ('p' pages, 'v' versions), uvarint
// length and bytes of the site it belongs to, and its content compressed
// alone as a zstd frame: the first distinct pages (or version records) of
// the site, which the later ones share most of their bytes with (theme,
// sidebar, scripts).
//
// A fetch record (fetches.go) is a flags byte, the time (zigzag uvarint
// microseconds since the record before, or since the Unix epoch for the
// first), the HTTP status and, as flags say, the blob (its hash, or the
// same as the record before) with the page's size, the version the fetch
// made, the validators, the discovery route and the URL fetched.
//
// Schema 1 differed in versions (key -> bucket: big-endian uint32 number ->
// JSON Version) and in raw pages, kept per version in "raw" (key "\x00"
// big-endian uint32 number -> gzip of the raw page); it had no blobs,
// fetches or dicts.
var (
	bucketMeta      = []byte("meta")
	bucketPosts     = []byte("posts")
	bucketVersions  = []byte("versions")
	bucketBlobs     = []byte("blobs")
	bucketFetches   = []byte("fetches")
	bucketDicts     = []byte("dicts")
	bucketAliases   = []byte("aliases")
	bucketSchedules = []byte("schedules")
	bucketSites     = []byte("sites")

	// bucketRaw is schema 1's; only migrate.go reads it.
	bucketRaw = []byte("raw")

	metaSchema    = []byte("schema")
	metaCreated   = []byte("created")
	metaMigrating = []byte("migrating")
)

// schemaBuckets are the top-level buckets of every schema-2 file.
var schemaBuckets = [][]byte{bucketPosts, bucketVersions, bucketBlobs, bucketFetches, bucketDicts, bucketAliases}

// Codec frame bytes.
const (
	frameJSON = '{'
	frameZstd = 'z'
	frameDict = 'd'
)

// Dictionary kinds.
const (
	dictPages    = 'p'
	dictVersions = 'v'
)

// versionKey is the key of version n of key in the versions bucket.
func versionKey(key string, n int) []byte {
	return binary.BigEndian.AppendUint32(versionPrefix(key), uint32(n))
}

// versionPrefix is what every version key of key starts with.
func versionPrefix(key string) []byte {
	b := make([]byte, 0, len(key)+5)
	return append(append(b, key...), 0)
}

// versionNumber reads the number from a version key with the given
// prefix; 0 when k is not such a key.
func versionNumber(prefix, k []byte) int {
	if len(k) != len(prefix)+4 || !bytes.HasPrefix(k, prefix) {
		return 0
	}
	return int(binary.BigEndian.Uint32(k[len(prefix):]))
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
