// Package crawler fetches the pages of one or more blogs politely and hands
// each fetched HTML page to a caller-supplied [Handler].
//
// A [Crawler] starts from seed URLs and finds more pages three ways: the
// <a href> links of every fetched page, the site's sitemaps (robots.txt
// "Sitemap:" lines and /sitemap.xml, index files recursed, .xml.gz
// ungzipped) and its RSS or Atom feeds (<link rel="alternate"> plus the
// well-known Blogger /feeds/posts/default and WordPress /feed/). It stays
// within the seeds' sites ("www." and the bare host are one site), fetches
// every normalized URL (see [NormalizeURL]) at most once per run, obeys
// robots.txt (rules and Crawl-delay) unless told not to, waits between
// requests to one host and sends conditional requests when the caller knows
// a page's validators.
//
// All HTTP goes through one github.com/gocolly/colly/v2 collector per run,
// so robots.txt, feeds and sitemaps share the per-host limits of pages.
//
// The package knows nothing about posts: it does not import extract or
// archive. cmd/annals passes a Handler that extracts and archives each page.
package crawler
