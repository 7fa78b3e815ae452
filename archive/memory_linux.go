//go:build linux

package archive

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ReleaseMemory drops the archive file's pages from the process's resident
// set. bbolt reads the file through a memory map, so every page a
// transaction touches stays resident, and a long crawl's resident set would
// grow with the archive; the pages stay in the kernel's page cache, and the
// next access maps them again at the cost of a minor fault. A crawl calls
// it every so often to keep its memory flat. Elsewhere than on Linux it
// does nothing.
// A Shared Store that has released the file has nothing to drop.
func (s *Store) ReleaseMemory() error {
	return s.viewIfOpen(func(tx *bolt.Tx) error {
		// A read transaction holds bbolt's mmap lock: the map cannot move
		// under the call.
		size := uintptr(tx.Size())
		if size == 0 {
			return nil
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, s.db.Info().Data, size, syscall.MADV_DONTNEED); errno != 0 {
			return wrap(errno, "%s: release memory: %v", s.path, errno)
		}
		return nil
	})
}
