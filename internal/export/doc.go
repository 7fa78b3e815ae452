// Package export writes archived post versions in the formats researchers
// and archivists load: JSON (one array), JSON Lines, CSV (one row per post
// version, or one row per comment) and WARC 1.1 (the raw responses with a
// metadata record carrying the extracted post, gzip-compressed per record).
//
// An [Encoder] takes one [Item] at a time and keeps nothing from one item to
// the next, so memory stays flat however many items pass through it.
//
// export depends on the root package annals, the WARC library and the
// standard library. It does not read the archive: cmd/annals walks the
// archive, filters, and hands each version over as an Item.
package export
