package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

// importBatch is how many records one archive transaction takes.
const importBatch = 500

// importTally counts what an import did.
type importTally struct {
	records, added, present, skipped int
}

func (t *importTally) line() string {
	return fmt.Sprintf("%d records: %d versions added, %d already present, %d skipped (older than the post's versions in the archive)",
		t.records, t.added, t.present, t.skipped)
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "[--db PATH] FILE|-...")
	db := dbFlag(e, fs)
	quiet := fs.Bool("quiet", false, "print nothing on success")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("want an exported FILE (JSON Lines or JSON, optionally gzip-compressed), or - for stdin")
	}
	w, err := openWriter(e, db(), holderName("import", files))
	if err != nil {
		return err
	}
	defer w.Close()
	store := w.Store

	var t importTally
	for _, name := range files {
		if err := importFile(ctx, e, store, name, &t); err != nil {
			if t.records > 0 {
				fmt.Fprintf(e.stderr, "annals: import: stopped after %s\n", t.line())
			}
			return err
		}
	}
	if !*quiet {
		fmt.Fprintf(e.stderr, "annals: import: %s\n", t.line())
	}
	return nil
}

// importFile imports one export file: JSON Lines, or one JSON array, either
// of them possibly gzip-compressed.
func importFile(ctx context.Context, e *env, store *archive.Store, name string, t *importTally) error {
	var r io.Reader = e.stdin
	label := "stdin"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return trimPathError(err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a directory", name)
		}
		r, label = f, name
	}
	br, closeZ, err := gunzipped(bufio.NewReaderSize(r, 256<<10), 256<<10)
	if err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	defer closeZ()
	dec := json.NewDecoder(br)
	array := false
	if b, err := peekNonSpace(br); err == nil && b == '[' {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		array = true
	}

	n := 0 // records read from this file
	start := time.Now().UTC().Truncate(time.Second)
	batch := make([]archive.Imported, 0, importBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		outs, err := store.Import(batch)
		if err != nil {
			var ie *archive.ImportError
			if errors.As(err, &ie) {
				return fmt.Errorf("%s: record %d: %v", label, n-len(batch)+ie.Index+1, importErrText(ie.Err))
			}
			return err
		}
		for _, o := range outs {
			switch o {
			case archive.ImportAdded:
				t.added++
			case archive.ImportPresent:
				t.present++
			default:
				t.skipped++
			}
		}
		t.records += len(batch)
		batch = batch[:0]
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if array && !dec.More() {
			break
		}
		var rec annals.Record
		err := dec.Decode(&rec)
		if err == io.EOF && !array {
			break
		}
		n++
		if err != nil {
			return fmt.Errorf("%s: record %d: %v", label, n, err)
		}
		if rec.URL == "" {
			return fmt.Errorf("%s: record %d: no url (import takes posts: export records, or the output of annals extract)", label, n)
		}
		// A post without the archive's fields (the output of annals
		// extract, another tool's records with the same keys) is
		// fetched when it is imported; its content_hash is computed, and
		// one given must match the content.
		if rec.FetchedAt.IsZero() {
			rec.FetchedAt = start
		}
		post := rec.Post
		extractor := rec.Extractor
		if extractor == annals.UnknownExtractor {
			extractor = ""
		}
		batch = append(batch, archive.Imported{Key: rec.Key, Post: &post, FetchedAt: rec.FetchedAt,
			Status: rec.Status, ContentHash: rec.ContentHash, GoneAt: rec.GoneAt, Extractor: extractor, Cause: rec.Cause})
		if len(batch) == importBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if array {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
	}
	return flush()
}

func importErrText(err error) string {
	if errors.Is(err, archive.ErrContentHash) {
		return "content_hash does not match the record's content (import takes whole export records, not ones cut with --fields or edited)"
	}
	return err.Error()
}

// gunzipped returns br itself, or, when br starts with gzip's magic bytes,
// a reader of size bytes over its decompressed stream; close releases the
// decompressor.
func gunzipped(br *bufio.Reader, size int) (r *bufio.Reader, close func() error, err error) {
	if magic, _ := br.Peek(2); !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return br, func() error { return nil }, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, err
	}
	return bufio.NewReaderSize(zr, size), zr.Close, nil
}

// peekNonSpace returns the first byte of br that is not JSON white space,
// without consuming it.
func peekNonSpace(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if len(b) < i {
			return 0, err
		}
		switch c := b[i-1]; c {
		case ' ', '\t', '\r', '\n':
			continue
		default:
			return c, nil
		}
	}
}
