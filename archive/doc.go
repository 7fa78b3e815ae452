// Package archive keeps versioned snapshots of blog posts in one bbolt file.
//
// A [Store] maps each post's key (its normalized canonical URL, chosen by the
// caller) to a summary ([PostInfo]), a numbered list of [annals.Version]s, and
// a log of every fetch and check of its page ([FetchRecord]). Raw pages are
// stored once per distinct content, whichever fetches, versions and posts
// brought the same bytes, and read back with [Store.Raw]. [Store.Put] adds a
// version only when the post's content or comments changed
// ([annals.Post.ContentHash]); a re-fetched page that extracts to the same
// post adds a line to the fetch log. Nothing is ever overwritten or deleted:
// a changed post gets a new version number, and a post that disappears is
// only marked gone ([Store.MarkGone]). layout.go documents every bucket of
// the file (schema 2); migrate.go upgrades a file of schema 1 in place when
// a Store opens it for writing.
//
// The file is locked while a Store has it open: one writer, or any number
// of read-only Stores ([Options.ReadOnly]). A process that cannot get it
// gets [ErrLocked] after [Options.Timeout] rather than waiting forever. A
// Store opened with [Options.Shared] has the file open only while it works,
// and lets go of it as soon as another process waits for it, so that read
// commands get a consistent snapshot during a long crawl; long-running
// writers keep out of each other's way with [LockWriter]. lock.go
// describes the design. A crawl's frontier ([Store.Frontier]) lives in a
// file of its own beside the archive (frontier.go).
//
// archive depends only on the root package annals, bbolt, zstd and the
// standard library. It must not import colly, goquery, net/http or the other
// annals subpackages (crawler, extract, cmd): it stores what it is given and
// never fetches or parses pages.
package archive
