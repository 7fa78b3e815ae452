package archive

import (
	"encoding/binary"
	"hash/fnv"
	"os"
)

// bbolt's on-disk format (version 2), as far as checkHeader reads it. Every
// page starts with a 16-byte header: id uint64, flags uint16, count uint16,
// overflow uint32. Pages 0 and 1 hold a meta struct after the header; its
// integers are in the machine's byte order.
const (
	pageHeaderSize   = 16
	boltMagic        = 0xED0CDAED
	boltFormat       = 2
	freelistPageFlag = 0x10
	noFreelist       = 1<<64 - 1
)

// boltMeta is the meta struct that follows a meta page's header.
type boltMeta struct {
	Magic, Version, PageSize, Flags uint32
	Root, Sequence                  uint64
	Freelist, HighWater, TxID       uint64
	Checksum                        uint64
}

// checkHeader reports why a non-empty file is not a bbolt file bbolt can
// open safely, or "" when it is. bbolt trusts the file: on garbage it may
// panic (leaving the file mapped, and so locked, for the life of the
// process) or fault reading past the end of a truncated file. So this reads
// the meta pages itself: at least one must carry the bbolt magic, version
// and checksum; every valid one must describe pages that fit in the file;
// and the freelist of the newest must be a freelist page that fits.
func checkHeader(path string, size int64) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()

	var best *boltMeta
	// The first meta page is at 0, the second one page further; page sizes
	// are powers of two from 1 KiB to 16 MiB.
	for _, off := range []int64{0, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16,
		1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 21, 1 << 22, 1 << 23, 1 << 24} {
		m, ok := readMeta(f, off)
		if !ok || (off != 0 && off != int64(m.PageSize)) {
			continue
		}
		ps := uint64(m.PageSize)
		if ps < 1024 || m.HighWater < 2 || m.HighWater > uint64(size)/ps {
			return "truncated file"
		}
		if best == nil || m.TxID > best.TxID {
			best = m
		}
	}
	if best == nil {
		return "no bbolt header"
	}
	if best.Freelist == noFreelist {
		return ""
	}
	if best.Freelist < 2 || best.Freelist >= best.HighWater {
		return "bad freelist"
	}
	var page [pageHeaderSize + 8]byte
	ps := uint64(best.PageSize)
	if _, err := f.ReadAt(page[:], int64(best.Freelist*ps)); err != nil {
		return "bad freelist"
	}
	ne := binary.NativeEndian
	id, flags := ne.Uint64(page[0:]), ne.Uint16(page[8:])
	count, overflow := uint64(ne.Uint16(page[10:])), uint64(ne.Uint32(page[12:]))
	if count == 0xFFFF { // the real count is the first element
		count = ne.Uint64(page[16:]) + 1
	}
	if id != best.Freelist || flags != freelistPageFlag ||
		best.Freelist+overflow >= best.HighWater || count > (overflow+1)*ps/8 {
		return "bad freelist"
	}
	return ""
}

// readMeta reads the meta struct of the page at off and reports whether its
// magic, version and checksum are right.
func readMeta(f *os.File, off int64) (*boltMeta, bool) {
	var buf [pageHeaderSize + 64]byte
	if _, err := f.ReadAt(buf[:], off); err != nil {
		return nil, false
	}
	m := new(boltMeta)
	if _, err := binary.Decode(buf[pageHeaderSize:], binary.NativeEndian, m); err != nil {
		return nil, false
	}
	h := fnv.New64a()
	h.Write(buf[pageHeaderSize : pageHeaderSize+56]) // every field before Checksum
	return m, m.Magic == boltMagic && m.Version == boltFormat && h.Sum64() == m.Checksum
}
