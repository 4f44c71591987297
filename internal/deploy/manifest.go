package deploy

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gocloud.dev/blob"
)

// ManifestKey is the object in which a deploy records what it stored:
// each object's MD5, size and headers. It is gen's own and never part of
// the site (a hidden key, which no deploy deletes).
const ManifestKey = ".gen-deploy.json.gz"

// manifestFormat is the first line of the manifest; a manifest of
// another format is not read. After it come "complete" or "deploy ID",
// the number of distinct header sets and each, quoted, then a line per
// object: its MD5, its size, the index of its headers and its key. (A
// line format reads and writes several times faster than JSON, which
// matters at 50,000 objects.)
const manifestFormat = "gen deploy record 2"

// manifest is the record a deploy keeps in the bucket. A deploy that
// finished writes it with Complete set: the objects are then the bucket's
// site, and the next deploy compares with them instead of listing the
// bucket. A deploy that is about to change the bucket first clears
// Complete and sets Deploy to an identity of its own, so that a deploy
// cut short, or two run at once, leave a record the next deploy does not
// trust: it lists the bucket.
type manifest struct {
	Complete bool
	Deploy   string
	Objects  map[string]manifestEntry
}

// manifestEntry is one object as a deploy stored it.
type manifestEntry struct {
	MD5     []byte
	Size    int64
	Headers string
}

// readManifest reads the bucket's manifest; an empty one, not complete,
// when there is none or it cannot be read.
func readManifest(ctx context.Context, b *blob.Bucket) *manifest {
	empty := &manifest{Objects: map[string]manifestEntry{}}
	data, err := b.ReadAll(ctx, ManifestKey)
	if err != nil {
		return empty
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return empty
	}
	m, err := parseManifest(zr)
	if err != nil {
		return empty
	}
	return m
}

// parseManifest reads a manifest as write writes it.
func parseManifest(r io.Reader) (*manifest, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	line := func() string {
		sc.Scan()
		return sc.Text()
	}
	bad := errors.New("not a manifest")
	if line() != manifestFormat {
		return nil, bad
	}
	m := &manifest{Objects: map[string]manifestEntry{}}
	state := line()
	if state == "complete" {
		m.Complete = true
	} else if id, ok := strings.CutPrefix(state, "deploy "); ok {
		m.Deploy = id
	} else {
		return nil, bad
	}
	n, err := strconv.Atoi(line())
	if err != nil || n < 0 || n > 1<<16 {
		return nil, bad
	}
	headers := make([]string, n)
	for i := range headers {
		if headers[i], err = strconv.Unquote(line()); err != nil {
			return nil, bad
		}
	}
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), " ", 4)
		if len(fields) != 4 {
			return nil, bad
		}
		sum, err1 := hex.DecodeString(fields[0])
		size, err2 := strconv.ParseInt(fields[1], 10, 64)
		h, err3 := strconv.Atoi(fields[2])
		if err1 != nil || err2 != nil || err3 != nil || len(sum) != 16 || h < 0 || h >= n {
			return nil, bad
		}
		m.Objects[fields[3]] = manifestEntry{MD5: sum, Size: size, Headers: headers[h]}
	}
	return m, sc.Err()
}

// write stores the manifest, gzipped.
func (m *manifest) write(ctx context.Context, b *blob.Bucket, opts Options) error {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w := bufio.NewWriter(zw)
	fmt.Fprintln(w, manifestFormat)
	if m.Complete {
		fmt.Fprintln(w, "complete")
	} else {
		fmt.Fprintln(w, "deploy "+m.Deploy)
	}
	keys := slices.Sorted(maps.Keys(m.Objects))
	index := map[string]int{}
	var headers []string
	for _, k := range keys {
		if h := m.Objects[k].Headers; !slices.Contains(headers, h) {
			index[h] = len(headers)
			headers = append(headers, h)
		}
	}
	fmt.Fprintln(w, len(headers))
	for _, h := range headers {
		fmt.Fprintln(w, strconv.Quote(h))
	}
	for _, k := range keys {
		if strings.Contains(k, "\n") {
			continue // not recorded: uploaded again next time
		}
		e := m.Objects[k]
		fmt.Fprintf(w, "%x %d %d %s\n", e.MD5, e.Size, index[e.Headers], k)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err := retry(ctx, opts, func() (int64, error) {
		return 0, b.WriteAll(ctx, ManifestKey, buf.Bytes(), &blob.WriterOptions{ContentType: "application/gzip", CacheControl: "no-store"})
	})
	return err
}

// begin marks the manifest as that of a deploy under way, whose identity
// it returns, keeping the objects it knew: their headers are still those
// the next deploy compares with.
func (m *manifest) begin(ctx context.Context, b *blob.Bucket, opts Options) (string, error) {
	id := make([]byte, 8)
	io.ReadFull(rand.Reader, id)
	under := &manifest{Deploy: hex.EncodeToString(id), Objects: m.Objects}
	return under.Deploy, under.write(ctx, b, opts)
}

// finish records the site as the deploy id stored it. When another
// deploy began since id did, the two may have mixed their files, and the
// record is left not complete.
func finish(ctx context.Context, b *blob.Bucket, id string, files []local, opts Options) error {
	m := &manifest{Objects: make(map[string]manifestEntry, len(files))}
	for _, f := range files {
		m.Objects[f.key] = manifestEntry{MD5: f.md5, Size: f.size, Headers: f.headers.key()}
	}
	m.Complete = readManifest(ctx, b).Deploy == id
	return m.write(ctx, b, opts)
}

// remote returns the objects the manifest records, as a listing would.
func (m *manifest) remote() map[string]remote {
	objects := make(map[string]remote, len(m.Objects))
	for key, e := range m.Objects {
		objects[key] = remote{md5: e.MD5, size: e.Size}
	}
	return objects
}
