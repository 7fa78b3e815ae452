package archive

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releasePages tells the kernel that the first size bytes of db's memory
// map are not needed for now (madvise MADV_DONTNEED). bbolt maps the file
// read-only and shared, so the pages stay in the page cache and a later read
// faults them back in with the same bytes; meanwhile they no longer count in
// the process's resident set, which otherwise grows to the size of the file
// a long read walks through. Errors are ignored: this only saves memory.
func releasePages(db *bolt.DB, size int64) {
	info := db.Info()
	ps := int64(syscall.Getpagesize())
	size -= size % ps
	if info == nil || info.Data == 0 || size <= 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), syscall.MADV_DONTNEED)
}
