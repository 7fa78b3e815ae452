package archive

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"
)

// Raw pages, version records and post summaries are compressed with zstd.
// The pages of one site share most of their bytes (theme, sidebar,
// scripts, the archive's menus), and its records their field names, URLs
// and phrases, so each site gets a dictionary: once the archive has
// stored dictSamples distinct pages of the site, they and the version
// records stored with them become its dictionary, and every later page
// and record is compressed against it. A 30 kB Blogger-style page then
// takes some 1.4 kB, against gzip's 6. Summaries, small and rewritten at
// every check, get a dictionary of their own, at zstd's fastest level.
// (zstd's dictionary trainer was tried: on such pages its dictionaries
// did less than half as well as the pages themselves.)
const (
	// dictSamples is how many distinct pages (or, for a site whose
	// versions come without pages, twice as many records; or summaries)
	// of a site make its dictionary; dictMaxBytes caps its size.
	dictSamples  = 16
	dictMaxBytes = 512 << 10
	// sampleBudget caps the samples held in memory for sites that have
	// no dictionary yet; past it, the oldest site's are dropped.
	sampleBudget = 32 << 20
	// cachedEncoders and cachedDecoders bound the dictionaries' coders
	// kept at once; an encoder of a site dictionary holds some 10 MB.
	cachedEncoders = 6
	cachedDecoders = 32
	// zstdWindow is the match window: a dictionary and a page within it.
	zstdWindow = 1 << 20
)

// codec is a Store's compression state: which site has which dictionary,
// the coders made for them, and the samples of sites that have none yet.
// It is safe for concurrent use.
type codec struct {
	mu      sync.Mutex
	ids     map[string]uint32 // kind+site -> dictionary id, 0 for none yet
	pending map[string]bool   // kind+site whose dictionary a Put is writing
	samples map[string]*sampleSet
	order   []string // kind+site with samples, oldest first
	held    int      // bytes of samples held
	enc     map[encoderKey]*zstd.Encoder
	dec     map[uint32]*zstd.Decoder
}

// encoderKey names an encoder: of a dictionary, for data of a sort.
type encoderKey struct {
	id   uint32
	sort byte
}

// sampleSet is what a site without a dictionary has stored so far: its
// pages, and its records (version records, or summaries).
type sampleSet struct {
	seen           map[[32]byte]bool
	pages, records [][]byte
	size           int
}

// ready reports whether the samples make a dictionary of kind.
func (set *sampleSet) ready(kind byte) bool {
	if set.size >= dictMaxBytes {
		return true
	}
	if kind == dictInfos {
		return len(set.records) >= dictSamples
	}
	return len(set.pages) >= dictSamples || len(set.pages) == 0 && len(set.records) >= 2*dictSamples
}

// newDict is a dictionary a Put adds with its write.
type newDict struct {
	kind    byte
	site    string
	content []byte
}

func newCodec() *codec {
	return &codec{
		ids:     map[string]uint32{},
		pending: map[string]bool{},
		samples: map[string]*sampleSet{},
		enc:     map[encoderKey]*zstd.Encoder{},
		dec:     map[uint32]*zstd.Decoder{},
	}
}

// close releases the decoders' resources.
func (c *codec) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, d := range c.dec {
		d.Close()
		delete(c.dec, id)
	}
}

// level is the compression level of data of a sort: zstd's "better" for
// pages (an eighth smaller than its default level, for some 200 µs more
// a page, most of it spent setting up the dictionary), its fastest for
// version records and summaries (a few kilobytes each, where that set-up
// would cost more than the compression it buys).
func level(sort byte) zstd.EncoderLevel {
	if sort == dictPages {
		return zstd.SpeedDefault
	}
	return zstd.SpeedFastest
}

// newEncoder makes an encoder of data of a sort, with the dictionary id
// of the given content when id is not 0.
func newEncoder(sort byte, id uint32, content []byte, concurrency int) (*zstd.Encoder, error) {
	opts := []zstd.EOption{zstd.WithEncoderLevel(level(sort)), zstd.WithWindowSize(zstdWindow),
		zstd.WithEncoderConcurrency(concurrency), zstd.WithLowerEncoderMem(true)}
	if id != 0 {
		opts = append(opts, zstd.WithEncoderDictRaw(id, content))
	}
	return zstd.NewWriter(nil, opts...)
}

// plainEncoder returns the encoder of data of a sort for sites that have
// no dictionary yet.
func plainEncoder(sort byte) *zstd.Encoder {
	if sort == dictPages {
		return plainPages()
	}
	return plainRecords()
}

var (
	plainPages = sync.OnceValue(func() *zstd.Encoder {
		e, err := newEncoder(dictPages, 0, nil, runtime.GOMAXPROCS(0))
		if err != nil {
			panic(err) // options are constant
		}
		return e
	})
	plainRecords = sync.OnceValue(func() *zstd.Encoder {
		e, err := newEncoder(dictVersions, 0, nil, runtime.GOMAXPROCS(0))
		if err != nil {
			panic(err)
		}
		return e
	})
	plainDecoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)))
		if err != nil {
			panic(err)
		}
		return d
	})
)

// encode compresses data of a sort (dictPages, dictVersions) of site as a
// codec frame: with the site's dictionary when it has one. Otherwise data
// is kept as a sample (hash, computed when nil, is its identity), and
// once the site has enough of them encode returns the dictionary to write
// with this frame. It reads the site's dictionary from the archive the
// first time: in tx when not nil, else in a read transaction of its own.
func (s *Store) encode(tx *bolt.Tx, sort byte, site string, data []byte, hash *[32]byte) ([]byte, *newDict, error) {
	kind := dictKind(sort)
	id, err := s.dictID(tx, kind, site)
	if err != nil {
		return nil, nil, err
	}
	if id != 0 {
		enc, err := s.encoder(tx, id, sort)
		if err != nil {
			return nil, nil, err
		}
		out := binary.BigEndian.AppendUint32([]byte{frameDict}, id)
		return enc.EncodeAll(data, out), nil, nil
	}
	out := plainEncoder(sort).EncodeAll(data, []byte{frameZstd})
	if hash == nil {
		h := sha256.Sum256(data)
		hash = &h
	}
	return out, s.codec.sample(sort, site, data, *hash), nil
}

// dictID returns the id of site's dictionary of kind, 0 when it has none
// yet, reading it from the archive the first time: in tx when not nil,
// else in a read transaction of its own.
func (s *Store) dictID(tx *bolt.Tx, kind byte, site string) (uint32, error) {
	c := s.codec
	name := string(kind) + site
	c.mu.Lock()
	id, known := c.ids[name]
	c.mu.Unlock()
	if known {
		return id, nil
	}
	err := s.inTx(tx, func(tx *bolt.Tx) error {
		id = siteDict(tx, kind, site)
		return nil
	})
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.ids[name]; !ok {
		c.ids[name] = id
	}
	return c.ids[name], nil
}

// sample keeps data, of a sort (dictPages, dictVersions, dictInfos), as a
// sample of a site with no dictionary of its kind, and returns the
// dictionary the samples make once there are enough.
func (c *codec) sample(sort byte, site string, data []byte, hash [32]byte) *newDict {
	kind := dictKind(sort)
	name := string(kind) + site
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[name] || c.ids[name] != 0 || len(data) == 0 {
		return nil
	}
	set := c.samples[name]
	if set == nil {
		set = &sampleSet{seen: map[[32]byte]bool{}}
		c.samples[name] = set
		c.order = append(c.order, name)
	}
	if set.seen[hash] {
		return nil
	}
	set.seen[hash] = true
	sample := append([]byte(nil), data...)
	if sort == dictPages {
		set.pages = append(set.pages, sample)
	} else {
		set.records = append(set.records, sample)
	}
	set.size += len(data)
	c.held += len(data)
	if !set.ready(kind) {
		for c.held > sampleBudget && len(c.order) > 1 {
			c.dropSamples(c.order[0])
		}
		return nil
	}
	// Records last: the nearer the end of the dictionary, the cheaper a
	// match, and records are small.
	content := make([]byte, 0, set.size)
	for _, p := range append(set.pages, set.records...) {
		content = append(content, p...)
	}
	if len(content) > dictMaxBytes {
		content = content[len(content)-dictMaxBytes:]
	}
	c.dropSamples(name)
	c.pending[name] = true
	return &newDict{kind: kind, site: site, content: content}
}

func (c *codec) dropSamples(name string) {
	if set := c.samples[name]; set != nil {
		c.held -= set.size
		delete(c.samples, name)
	}
	for i, n := range c.order {
		if n == name {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
}

// settle records what became of a dictionary a Put wrote: its id once
// committed, or, when the write failed, that the site has none yet.
func (c *codec) settle(d *newDict, id uint32) {
	if d == nil {
		return
	}
	name := string(d.kind) + d.site
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, name)
	if id != 0 {
		c.ids[name] = id
	} else {
		delete(c.ids, name)
	}
}

// settleAll settles the dictionaries a transaction wrote, which failed
// with err or committed.
func (c *codec) settleAll(dicts []written, err error) {
	for _, w := range dicts {
		if err != nil {
			w.id = 0
		}
		c.settle(w.d, w.id)
	}
}

// putDict writes d in tx unless the site has a dictionary of its kind
// already (another process's), and returns the site's dictionary id.
func putDict(tx *bolt.Tx, d *newDict) (uint32, error) {
	if d == nil {
		return 0, nil
	}
	if id := siteDict(tx, d.kind, d.site); id != 0 {
		return id, nil
	}
	b := bucket(tx, bucketDicts)
	seq, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	if seq > 1<<32-1 {
		return 0, errors.New("out of dictionary ids")
	}
	id := uint32(seq)
	rec := []byte{d.kind}
	rec = binary.AppendUvarint(rec, uint64(len(d.site)))
	rec = append(rec, d.site...)
	rec = plainEncoder(dictPages).EncodeAll(d.content, rec)
	if err := b.Put(dictKey(id), rec); err != nil {
		return 0, err
	}
	return id, b.Put(dictSiteKey(d.kind, d.site), binary.BigEndian.AppendUint32(nil, id))
}

// siteDict returns the id of site's dictionary of kind, 0 for none.
func siteDict(tx *bolt.Tx, kind byte, site string) uint32 {
	b := bucket(tx, bucketDicts)
	if b == nil {
		return 0
	}
	v := b.Get(dictSiteKey(kind, site))
	if len(v) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(v)
}

// dictContent reads dictionary id's content and kind.
func dictContent(tx *bolt.Tx, id uint32) ([]byte, byte, error) {
	b := bucket(tx, bucketDicts)
	var rec []byte
	if b != nil {
		rec = b.Get(dictKey(id))
	}
	if len(rec) < 2 {
		return nil, 0, fmt.Errorf("no dictionary %d", id)
	}
	n, w := binary.Uvarint(rec[1:])
	if w <= 0 || uint64(len(rec)-1-w) < n {
		return nil, 0, fmt.Errorf("dictionary %d: bad record", id)
	}
	content, err := plainDecoder().DecodeAll(rec[1+w+int(n):], nil)
	if err != nil {
		return nil, 0, fmt.Errorf("dictionary %d: %w", id, err)
	}
	return content, rec[0], nil
}

// encoder returns the encoder of dictionary id for data of a sort,
// reading the dictionary from the archive the first time (in tx when not
// nil).
func (s *Store) encoder(tx *bolt.Tx, id uint32, sort byte) (*zstd.Encoder, error) {
	c := s.codec
	key := encoderKey{id, sort}
	c.mu.Lock()
	e := c.enc[key]
	c.mu.Unlock()
	if e != nil {
		return e, nil
	}
	var content []byte
	err := s.inTx(tx, func(tx *bolt.Tx) (err error) {
		content, _, err = dictContent(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	// One at a time: a page takes a fraction of a millisecond, and an
	// encoder of pages holds some 10 MB.
	e, err = newEncoder(sort, id, content, 1)
	if err != nil {
		return nil, fmt.Errorf("dictionary %d: %w", id, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.enc[key]; old != nil {
		return old, nil
	}
	if len(c.enc) >= cachedEncoders {
		for k := range c.enc { // any one: sites come and go in a crawl
			delete(c.enc, k)
			break
		}
	}
	c.enc[key] = e
	return e, nil
}

// decoder returns the decoder of dictionary id, reading it in tx the first
// time.
func (s *Store) decoder(tx *bolt.Tx, id uint32) (*zstd.Decoder, error) {
	c := s.codec
	c.mu.Lock()
	d := c.dec[id]
	c.mu.Unlock()
	if d != nil {
		return d, nil
	}
	content, _, err := dictContent(tx, id)
	if err != nil {
		return nil, err
	}
	d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)),
		zstd.WithDecoderDictRaw(id, content))
	if err != nil {
		return nil, fmt.Errorf("dictionary %d: %w", id, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.dec[id]; old != nil {
		d.Close()
		return old, nil
	}
	if len(c.dec) >= cachedDecoders {
		for k := range c.dec {
			// Not closed: another goroutine may be decoding with it. A
			// decoder used only for DecodeAll runs no goroutine of its
			// own; the collector takes it.
			delete(c.dec, k)
			break
		}
	}
	c.dec[id] = d
	return d, nil
}

// decodeFrame returns what a codec frame holds, appended to dst[:0]. A
// JSON frame is returned as it is (not copied).
func (s *Store) decodeFrame(tx *bolt.Tx, frame, dst []byte) ([]byte, error) {
	if len(frame) == 0 {
		return nil, errors.New("empty record")
	}
	switch frame[0] {
	case frameJSON:
		return frame, nil
	case frameZstd:
		return plainDecoder().DecodeAll(frame[1:], dst[:0])
	case frameDict:
		if len(frame) < 5 {
			return nil, errors.New("short record")
		}
		d, err := s.decoder(tx, binary.BigEndian.Uint32(frame[1:5]))
		if err != nil {
			return nil, err
		}
		return d.DecodeAll(frame[5:], dst[:0])
	}
	return nil, fmt.Errorf("unknown record format %q", frame[0])
}

// inTx runs fn in tx, or in a read transaction of its own when tx is nil.
func (s *Store) inTx(tx *bolt.Tx, fn func(*bolt.Tx) error) error {
	if tx != nil {
		return fn(tx)
	}
	return s.view(fn)
}
