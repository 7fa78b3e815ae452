//go:build !linux

package archive

import bolt "go.etcd.io/bbolt"

// releasePages is a no-op outside Linux: the memory map's pages are left to
// the operating system.
func releasePages(*bolt.DB, int64) {}
