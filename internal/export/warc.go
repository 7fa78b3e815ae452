package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"
)

// warcDescription is the warcinfo record's description of what the file
// holds.
const warcDescription = "annals export. Each archived post version is a request, response and metadata record: " +
	"the response block holds the page exactly as fetched, under an HTTP header reconstructed from the stored " +
	"status, ETag and Last-Modified (the request is reconstructed too); " +
	"the metadata record holds the extracted post as an annals export record (application/json). " +
	"Versions archived without their page (imported ones) have only the metadata record."

// warcEncoder writes WARC 1.1 records, each gzip-compressed on its own (a
// .warc.gz file any WARC reader can seek into record by record). It
// compresses with klauspost/compress, as gowarc's own file writer does: at
// the default level it is about twice as fast as compress/gzip, and a gzip
// member per record makes the per-member setup cost count.
type warcEncoder struct {
	w          io.Writer
	opts       *Options
	gz         *gzip.Writer
	marshaler  gowarc.Marshaler
	recordOpts []gowarc.WarcRecordOption
	infoID     string // the warcinfo record's id, once written
	buf        bytes.Buffer
}

func newWARC(w io.Writer, o *Options) *warcEncoder {
	return &warcEncoder{
		w:         w,
		opts:      o,
		gz:        gzip.NewWriter(w),
		marshaler: gowarc.NewMarshaler(),
		recordOpts: []gowarc.WarcRecordOption{
			gowarc.WithVersion(gowarc.V1_1),
			// Block and payload digests in the form most WARC tools
			// write and check: sha1, base32.
			gowarc.WithAddMissingDigest(true),
			gowarc.WithDefaultDigestAlgorithm("sha1"),
			// Refuse what does not validate: with a laxer policy gowarc
			// blanks a field it cannot parse (a WARC-Target-URI) and
			// writes the record anyway.
			gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
			gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
		},
	}
}

func (e *warcEncoder) Write(it *Item) error {
	if err := e.writeInfo(); err != nil {
		return err
	}
	r := it.Record
	target := it.FetchURL
	if target == "" {
		target = r.URL
	}
	var raw []byte
	if it.Raw != nil {
		var err error
		if raw, err = it.Raw(); err != nil {
			return err
		}
	}

	var responseID string
	if len(raw) > 0 {
		resp, err := e.build(gowarc.Response, target, r.FetchedAt, "application/http;msgtype=response",
			func(b gowarc.WarcRecordBuilder) error {
				_, err := b.Write(responseHeader(r.Status, len(raw), it.ETag, it.LastModified, r.FetchedAt))
				if err == nil {
					_, err = b.Write(raw)
				}
				return err
			}, nil)
		if err != nil {
			return err
		}
		defer resp.Close()
		responseID = resp.WarcHeader().GetId(gowarc.WarcRecordID)
		req, err := e.build(gowarc.Request, target, r.FetchedAt, "application/http;msgtype=request",
			func(b gowarc.WarcRecordBuilder) error {
				_, err := b.Write(requestHeader(target))
				return err
			}, map[string]string{gowarc.WarcConcurrentTo: "<" + responseID + ">"})
		if err != nil {
			return err
		}
		defer req.Close()
		if err := e.marshal(req); err != nil {
			return err
		}
		if err := e.marshal(resp); err != nil {
			return err
		}
	}

	var extra map[string]string
	if responseID != "" {
		extra = map[string]string{gowarc.WarcRefersTo: "<" + responseID + ">"}
	}
	meta, err := e.build(gowarc.Metadata, target, r.FetchedAt, "application/json",
		func(b gowarc.WarcRecordBuilder) error {
			e.buf.Reset()
			enc := json.NewEncoder(&e.buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(r); err != nil {
				return err
			}
			_, err := b.Write(e.buf.Bytes())
			return err
		}, extra)
	if err != nil {
		return err
	}
	defer meta.Close()
	return e.marshal(meta)
}

// Close writes the warcinfo record when no item was written, so an empty
// export is still a valid WARC file.
func (e *warcEncoder) Close() error { return e.writeInfo() }

func (e *warcEncoder) writeInfo() error {
	if e.infoID != "" {
		return nil
	}
	now := time.Now
	if e.opts.Now != nil {
		now = e.opts.Now
	}
	software := e.opts.Software
	if software == "" {
		software = "annals"
	}
	extra := map[string]string{}
	if e.opts.Filename != "" {
		extra[gowarc.WarcFilename] = e.opts.Filename
	}
	info, err := e.build(gowarc.Warcinfo, "", now(), gowarc.ApplicationWarcFields,
		func(b gowarc.WarcRecordBuilder) error {
			_, err := fmt.Fprintf(b, "software: %s\r\nformat: WARC File Format 1.1\r\n"+
				"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"+
				"description: %s\r\n", software, warcDescription)
			return err
		}, extra)
	if err != nil {
		return err
	}
	defer info.Close()
	if err := e.marshal(info); err != nil {
		return err
	}
	e.infoID = info.WarcHeader().GetId(gowarc.WarcRecordID)
	return nil
}

// build makes one record: its type, target, date, content type, the
// fields in extra, and the block body writes.
func (e *warcEncoder) build(t gowarc.RecordType, target string, date time.Time, contentType string,
	body func(gowarc.WarcRecordBuilder) error, extra map[string]string) (gowarc.WarcRecord, error) {
	b := gowarc.NewRecordBuilder(t, e.recordOpts...)
	b.AddWarcHeaderTime(gowarc.WarcDate, date)
	if target != "" {
		b.AddWarcHeader(gowarc.WarcTargetURI, target)
	}
	if e.infoID != "" {
		b.AddWarcHeader(gowarc.WarcWarcinfoID, "<"+e.infoID+">")
	}
	for k, v := range extra {
		b.AddWarcHeader(k, v)
	}
	b.AddWarcHeader(gowarc.ContentType, contentType)
	if err := body(b); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("warc %s record for %s: %w", t, target, err)
	}
	rec, _, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("warc %s record for %s: %w", t, target, err)
	}
	return rec, nil
}

// marshal writes rec as one gzip member.
func (e *warcEncoder) marshal(rec gowarc.WarcRecord) error {
	e.gz.Reset(e.w)
	if _, _, err := e.marshaler.Marshal(e.gz, rec, 0); err != nil {
		return err
	}
	return e.gz.Close()
}

// requestHeader reconstructs the GET request for target.
func requestHeader(target string) []byte {
	path, host := target, ""
	if u, err := url.Parse(target); err == nil {
		path, host = u.RequestURI(), u.Host
	}
	return []byte("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
}

// responseHeader reconstructs the response's status line and header from
// what the archive keeps.
func responseHeader(status, length int, etag, lastModified string, date time.Time) []byte {
	if status == 0 {
		status = http.StatusOK
	}
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	b.WriteString("Date: " + date.UTC().Format(http.TimeFormat) + "\r\n")
	b.WriteString("Content-Type: text/html\r\n")
	b.WriteString("Content-Length: " + strconv.Itoa(length) + "\r\n")
	if etag != "" {
		b.WriteString("ETag: " + etag + "\r\n")
	}
	if lastModified != "" {
		b.WriteString("Last-Modified: " + lastModified + "\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}
