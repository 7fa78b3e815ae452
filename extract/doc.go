// Package extract turns the bytes of a saved blog or article page into an
// [annals.Post]: title, dates, authors, body text and sanitized HTML, tags,
// language, canonical URL and the comment section.
//
// Extraction runs in layers, each filling what the earlier ones left empty:
// structured data (JSON-LD, microdata, OpenGraph and article:* meta, meta
// name=author, time[datetime]), then platform markup (Blogger, WordPress
// classic and block themes), then generic content heuristics for layouts it
// does not know. [Analyze] reports which layer won each field.
//
// The package never touches the network and never reads the clock: callers
// pass the page's URL and, for relative dates such as "3 days ago", a
// reference time in [Options].
package extract
