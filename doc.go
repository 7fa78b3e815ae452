// Package annals holds the domain types shared by every part of annals: the
// extracted [Post] and its [Comment]s, the [Date] that is either an instant or
// a calendar day, and the archived [Record] that export writes.
//
// It imports only the standard library. The subpackages build on it and never
// on each other:
//
//	cmd/annals -> crawler, extract, archive -> annals
//
// crawler fetches pages, extract turns page bytes into a Post, archive stores
// versioned snapshots in a bbolt file; cmd/annals wires them together.
package annals
