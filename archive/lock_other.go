//go:build !unix

package archive

import "os"

// Outside Unix there is no flock: the writer lock always succeeds (bbolt's
// own lock still keeps two writers from corrupting the file) and waiting
// processes are not announced (Shared Stores still release the file when
// idle).

func tryLock(*os.File, bool) (bool, error) { return true, nil }
func tryLockWait(*os.File) (bool, error)   { return true, nil }
func unlock(*os.File) error                { return nil }
