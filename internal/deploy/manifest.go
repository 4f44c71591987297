package deploy

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// ManifestKey is the object in which a deploy records what it stored:
// each object's MD5, size and headers. It is gen's own and never part of
// the site (a hidden key, which no deploy deletes).
const ManifestKey = ".gen-deploy.json.gz"

// manifestFormat is the first line of the manifest; a manifest of
// another format is not read. After it come "complete GENERATION" or
// "under-way GENERATION", the number of distinct header sets and each,
// quoted, then a line per object: its MD5 (or "-" when only its headers
// are known), its size, the index of its headers and its key. (A line format reads and writes several times
// faster than JSON, which matters at 50,000 objects.)
const manifestFormat = "gen deploy record 3"

// oldManifestKey is where gen kept the headers of each object before the
// record: read for them, so that the first deploy after an upgrade does
// not upload every object again.
const oldManifestKey = ".gen-deploy.json"

// manifest is the record a deploy keeps in the bucket. A deploy that
// finished writes it with Complete set: its objects are then the bucket's
// site, and the next deploy compares with them instead of listing the
// bucket. Every write gives the record a new Generation. A deploy about
// to change the bucket checks that the record is still the one its plan
// read (else another deploy changed the bucket since, and it stops
// before changing anything), and marks it under way; when it finishes,
// the record is complete only if no other deploy wrote it since. So a
// deploy cut short, or two run at once, leave a record the next deploy
// does not trust: it lists the bucket.
type manifest struct {
	Complete   bool
	Generation string
	Objects    map[string]manifestEntry
}

// manifestEntry is one object as a deploy stored it; an entry read from
// the old manifest has headers only.
type manifestEntry struct {
	MD5     []byte
	Size    int64
	Headers string
}

// readManifest reads the bucket's manifest: an empty one, not complete,
// when there is none or it is not one this gen reads (with the headers
// of the old manifest, when there is one); an error when the store could
// not be read.
func readManifest(ctx context.Context, b *blob.Bucket) (*manifest, error) {
	empty := &manifest{Objects: map[string]manifestEntry{}}
	data, err := b.ReadAll(ctx, ManifestKey)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return readOldManifest(ctx, b, empty)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the record of the last deploy, %s: %w", ManifestKey, err)
	}
	var m *manifest
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		m, err = parseManifest(zr)
	}
	if err != nil {
		// A record this gen cannot read (another version's) is replaced
		// by the next deploy, whose check compares with its generation.
		empty.Generation, err = readGeneration(ctx, b)
		return empty, err
	}
	return m, nil
}

// readOldManifest adds the headers of the old manifest to m.
func readOldManifest(ctx context.Context, b *blob.Bucket, m *manifest) (*manifest, error) {
	data, err := b.ReadAll(ctx, oldManifestKey)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", oldManifestKey, err)
	}
	var headers map[string]string
	if json.Unmarshal(data, &headers) == nil {
		for key, h := range headers {
			m.Objects[key] = manifestEntry{Headers: h}
		}
	}
	return m, nil
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
	state, generation, _ := strings.Cut(line(), " ")
	if state != "complete" && state != "under-way" || generation == "" {
		return nil, bad
	}
	m.Complete, m.Generation = state == "complete", generation
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
		var sum []byte
		var err1 error
		if fields[0] != "-" {
			if sum, err1 = hex.DecodeString(fields[0]); len(sum) != 16 {
				return nil, bad
			}
		}
		size, err2 := strconv.ParseInt(fields[1], 10, 64)
		h, err3 := strconv.Atoi(fields[2])
		if err1 != nil || err2 != nil || err3 != nil || h < 0 || h >= n {
			return nil, bad
		}
		m.Objects[fields[3]] = manifestEntry{MD5: sum, Size: size, Headers: headers[h]}
	}
	return m, sc.Err()
}

// write stores the manifest, gzipped, as a new generation, which it sets.
func (m *manifest) write(ctx context.Context, b *blob.Bucket, opts Options) error {
	id := make([]byte, 8)
	io.ReadFull(rand.Reader, id)
	m.Generation = hex.EncodeToString(id)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w := bufio.NewWriter(zw)
	fmt.Fprintln(w, manifestFormat)
	state := "under-way"
	if m.Complete {
		state = "complete"
	}
	fmt.Fprintln(w, state, m.Generation)
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
		sum := "-" // not known: headers only
		if e.MD5 != nil {
			sum = hex.EncodeToString(e.MD5)
		}
		fmt.Fprintf(w, "%s %d %d %s\n", sum, e.Size, index[e.Headers], k)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err := retry(ctx, opts, func() (int64, error) {
		return 0, b.WriteAll(ctx, ManifestKey, buf.Bytes(), &blob.WriterOptions{ContentType: "application/gzip", CacheControl: "no-store",
			Metadata: map[string]string{generationKey: m.Generation}})
	})
	return err
}

// generationKey is the metadata of the record that repeats its
// generation, so that a deploy reads it without reading the record.
const generationKey = "gen-generation"

// readGeneration returns the generation of the bucket's record: "" when
// there is none, or it is not one this gen reads, or it has no generation
// in its metadata (then a deploy's check fails, and it is run again).
func readGeneration(ctx context.Context, b *blob.Bucket) (string, error) {
	attrs, err := b.Attributes(ctx, ManifestKey)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the record of the last deploy, %s: %w", ManifestKey, err)
	}
	return attrs.Metadata[generationKey], nil
}

// errRecordChanged stops a deploy whose plan was made from a record that
// another deploy has since replaced.
var errRecordChanged = errors.New("another deploy changed the bucket since this one made its plan; nothing was changed: run gen deploy again")

// begin marks the record of the bucket as that of a deploy under way,
// after checking that it is still the one plan was made from, and
// returns the generation it wrote. The record keeps the objects it knew,
// whose headers are still those the next deploy compares with, but for
// those plan uploads: a deploy cut short may have stored them with the
// new headers or not, which a listing cannot tell.
func begin(ctx context.Context, b *blob.Bucket, plan *Plan, opts Options) (string, error) {
	now, err := readGeneration(ctx, b)
	if err != nil {
		return "", err
	}
	if now != plan.last.Generation {
		return "", errRecordChanged
	}
	under := &manifest{Objects: maps.Clone(plan.last.Objects)}
	for _, phase := range plan.Phases {
		for _, c := range phase {
			e := under.Objects[c.Key]
			e.Headers = ""
			under.Objects[c.Key] = e
		}
	}
	err = under.write(ctx, b, opts)
	return under.Generation, err
}

// finish records the site as the deploy that wrote generation stored it.
// When another deploy wrote the record since, the two may have mixed
// their files: the record is then left under way, as a new generation,
// so that the other deploy does not mark it complete either.
func finish(ctx context.Context, b *blob.Bucket, generation string, files []local, opts Options) error {
	now, err := readGeneration(ctx, b)
	if err != nil {
		return err
	}
	m := &manifest{Complete: now == generation, Objects: make(map[string]manifestEntry, len(files))}
	for _, f := range files {
		m.Objects[f.key] = manifestEntry{MD5: f.md5, Size: f.size, Headers: f.headers.key()}
	}
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
