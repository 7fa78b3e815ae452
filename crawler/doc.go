// Package crawler fetches the pages of one or more blogs, politely and
// completely, and hands each fetched HTML page to a caller-supplied
// [Handler].
//
// # Discovery
//
// A [Crawler] starts from seed URLs and enumerates each site (a host with
// or without "www.") by the cheapest complete route it offers, falling back
// in order:
//
//  1. the platform's interface: Blogger's posts feed paged with
//     start-index and max-results to openSearch:totalResults; WordPress's
//     REST API (/wp-json/wp/v2/posts, X-WP-TotalPages), else its feed
//     paged with ?paged=N;
//  2. sitemaps: robots.txt Sitemap lines or the usual locations, indexes
//     followed, .xml.gz read, lastmod kept;
//  3. RSS and Atom feeds announced by the pages, with their rel=next and
//     rel=prev-archive pages;
//  4. the <a href> links of fetched pages, pagers included.
//
// A platform route that lists as many posts as the platform says it has
// ends discovery: the links of the site's pages are then not followed. Each
// page records the route that found it ([Page.Via]).
//
// # Politeness and safety
//
// Every request (pages, feeds, sitemaps, APIs, comment pages, robots.txt,
// retries, redirect hops) passes its host's gate: Options.Delay (or
// robots.txt's Crawl-delay) between requests plus jitter, Options.Parallel
// at a time. robots.txt is obeyed unless told not to (5xx means "disallow
// all" for the run, 4xx "allow all"). Timeouts, network errors, 5xx and 429
// are retried with exponential backoff, Retry-After honoured; a host that
// keeps failing is paused, then given up for the run. Bodies are capped
// after decompression, redirects limited and checked for loops, binaries
// skipped by type and by their first bytes, traps kept out by URL
// normalization ([NormalizeURL]) and limits, and loopback, private and
// link-local addresses refused unless asked for.
//
// # Resume
//
// The queue and the seen set live in a [Frontier]. cmd/annals keeps it in
// the archive, so a run killed at any point continues when started again:
// the pages in progress are fetched again, nothing else.
//
// # Comments
//
// A Handler that finds a post's page short of comments (Blogger's "Load
// more", WordPress comment pages, a declared count above the captured one)
// calls [Page.FetchComments], which reads the platform's comment feed, API
// or comment pages through the same gate.
//
// All HTTP goes through one github.com/gocolly/colly/v2 collector per run,
// behind a transport that enforces the limits above.
//
// The package knows nothing about posts: it does not import extract or
// archive. cmd/annals passes a Handler that extracts and archives each page,
// and adapts archive.Frontier to [Frontier].
package crawler
