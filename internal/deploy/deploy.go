// Package deploy publishes a built site to a bucket of object storage
// (S3, Google Cloud Storage, Azure Blob Storage, or a folder), through
// gocloud.dev/blob: it uploads the files whose bytes or headers changed,
// in an order that never leaves a page linking a file not there yet, and
// deletes what the site no longer has. It reads the output folder and
// never writes to it.
package deploy

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/azureblob" // azblob:// URLs
	_ "gocloud.dev/blob/fileblob"  // file:// URLs
	_ "gocloud.dev/blob/gcsblob"   // gs:// URLs
	_ "gocloud.dev/blob/s3blob"    // s3:// URLs
	"gocloud.dev/gcerrors"
	"golang.org/x/sync/errgroup"

	"github.com/gen-briefs/gen/internal/config"
)

// DefaultMaxDeletes is how many objects a deploy deletes without --force.
const DefaultMaxDeletes = 256

// Options describe one deploy.
type Options struct {
	// Dir is the built site to publish.
	Dir string
	// Target is where to, and Config the [deploy] table with its rules.
	Target config.DeployTarget
	Config config.Deploy
	// DryRun plans and writes nothing; Force uploads every file and
	// allows more deletions than MaxDeletes (gen deploy's default is
	// DefaultMaxDeletes).
	DryRun, Force bool
	MaxDeletes    int
	// Verify compares with the bucket's objects, listed, even when the
	// last deploy's record of them can be trusted (see Plan.Listed).
	Verify bool
	// Workers bounds the uploads and deletions at once (0 means 8).
	Workers int
	// Progress, when set, is called after each upload or deletion with
	// the counts done and planned.
	Progress func(done, total int)
	// Retries is how many times a failed request is tried again (0
	// means 4), with a backoff from RetryWait (0 means 250 ms) doubling.
	Retries   int
	RetryWait time.Duration
	// HashCache, when set, is the file in which a deploy keeps the MD5 of
	// each file of Dir by its size and modification time, so that the
	// next reads only the files changed since (gen deploy keeps it in
	// the build cache folder).
	HashCache string
}

// Change is one object to upload.
type Change struct {
	Key     string
	Size    int64
	Headers Headers
	// Why is "new", "changed" or "headers".
	Why string
	// file is the file to read; body its bytes as stored (gzipped or not).
	file string
	md5  []byte
}

// Plan is what a deploy does, in the order it does it: uploads in three
// phases (assets, pages, then feeds, the search index, the home page and
// sitemaps), then deletions.
type Plan struct {
	Phases    [3][]Change
	Deletes   []string
	Unchanged int
	// Bytes is the size of the uploads, as stored.
	Bytes int64
	// Listed is set when the plan compared the site with the bucket's
	// objects as listed, rather than with the record the last deploy
	// kept of them: when asked to (Options.Verify, Options.Force), and
	// when the record cannot be trusted (none, one of a deploy cut short
	// or of two at once, or another version's).
	Listed bool
	// files are the site's files, and last the manifest read, for the
	// record Apply writes.
	files []local
	last  *manifest
}

// UpToDate reports whether the plan has nothing to do: nothing to upload
// or delete, and a record of the bucket that the next deploy can trust.
func (p *Plan) UpToDate() bool {
	return p.Uploads() == 0 && len(p.Deletes) == 0 && p.last.Complete
}

// Uploads counts the plan's uploads.
func (p *Plan) Uploads() int { return len(p.Phases[0]) + len(p.Phases[1]) + len(p.Phases[2]) }

// PhaseNames name the phases of a plan's uploads.
var PhaseNames = [3]string{"assets (images, styles, scripts)", "pages", "feeds, search index, home page, sitemaps and robots.txt"}

// Summary is what a deploy did.
type Summary struct {
	Uploaded, Deleted, Unchanged int
	Bytes                        int64
}

// TooManyDeletes is a deploy refused because it would delete more than
// the limit: a wrong folder or target, most often.
type TooManyDeletes struct{ Deletes, Max int }

func (e *TooManyDeletes) Error() string {
	return fmt.Sprintf("the deploy would delete %d objects, more than %d: check the folder and the target, then pass --force, or raise --max-deletes", e.Deletes, e.Max)
}

// local is a file of the site to publish.
type local struct {
	key     string
	file    string
	size    int64
	md5     []byte
	headers Headers
	// info is the file's status when it was listed.
	info fs.FileInfo
}

// remote is an object already in the bucket.
type remote struct {
	md5  []byte
	size int64
}

// Open opens the target's bucket, turning the errors of a missing bucket
// or credential into what to do.
func Open(ctx context.Context, t config.DeployTarget) (*blob.Bucket, error) {
	b, err := blob.OpenBucket(ctx, t.URL)
	if err != nil {
		return nil, fmt.Errorf("target %q: cannot open %s: %v%s", t.Name, t.URL, err, credentialHint(t.URL))
	}
	ok, err := b.IsAccessible(ctx)
	if err == nil && !ok {
		err = errors.New("the bucket does not exist")
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("target %q: %s: %w%s", t.Name, t.URL, err, credentialHint(t.URL))
	}
	return b, nil
}

// credentialHint says where credentials come from for a URL's store.
func credentialHint(u string) string {
	switch {
	case strings.HasPrefix(u, "s3://"):
		return " (create the bucket, check its name and region, and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a profile of ~/.aws/credentials)"
	case strings.HasPrefix(u, "gs://"):
		return " (create the bucket, check its name, and set GOOGLE_APPLICATION_CREDENTIALS to a service account's key file, or run gcloud auth application-default login)"
	case strings.HasPrefix(u, "azblob://"):
		return " (create the container, and set AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN)"
	case strings.HasPrefix(u, "file://"):
		return " (create the folder first)"
	}
	return ""
}

// MakePlan compares the site in opts.Dir with the bucket.
func MakePlan(ctx context.Context, b *blob.Bucket, opts Options) (*Plan, error) {
	taken := time.Now()
	cache := readHashCache(opts.HashCache, opts.Dir)
	files, err := walk(opts.Dir, opts.Config, cache)
	if err != nil {
		return nil, err
	}
	if !opts.DryRun && !cache.holdsOnly(files) {
		// A cache that cannot be written costs the next deploy time, not
		// its result.
		writeHashCache(opts.HashCache, opts.Dir, files, taken)
	}
	last, err := readManifest(ctx, b)
	if err != nil {
		return nil, err
	}
	plan := &Plan{files: files, last: last, Listed: !last.Complete || opts.Verify || opts.Force}
	var objects map[string]remote
	if plan.Listed {
		if objects, err = list(ctx, b); err != nil {
			return nil, err
		}
	} else {
		objects = last.remote()
	}
	for _, f := range files {
		r, ok := objects[f.key]
		why := ""
		switch {
		case !ok:
			why = "new"
		case opts.Force:
			why = "forced"
		case r.md5 == nil && r.size != f.size || r.md5 != nil && !bytes.Equal(r.md5, f.md5):
			why = "changed"
		case r.md5 == nil:
			// The store keeps no MD5 of this object (a multipart upload):
			// gen's own, in its metadata, says whether it changed.
			attrs, err := b.Attributes(ctx, f.key)
			if err != nil || attrs.Metadata["gen-md5"] != fmt.Sprintf("%x", f.md5) {
				why = "changed"
			}
		}
		if why == "" && last.Objects[f.key].Headers != f.headers.key() {
			why = "headers"
		}
		if why == "" {
			plan.Unchanged++
			continue
		}
		c := Change{Key: f.key, Size: f.size, Headers: f.headers, Why: why, file: f.file, md5: f.md5}
		plan.Phases[phaseOf(f.key)] = append(plan.Phases[phaseOf(f.key)], c)
		plan.Bytes += f.size
	}
	keys := map[string]bool{}
	for _, f := range files {
		keys[f.key] = true
	}
	for k := range objects {
		// Hidden files (.well-known/, the manifest) are never the site's:
		// other tools put them there.
		if !keys[k] && !hiddenKey(k) {
			plan.Deletes = append(plan.Deletes, k)
		}
	}
	slices.Sort(plan.Deletes)
	if len(plan.Deletes) > opts.MaxDeletes && !opts.Force {
		return plan, &TooManyDeletes{len(plan.Deletes), opts.MaxDeletes}
	}
	return plan, nil
}

// hiddenKey reports whether an object's key has a segment starting with
// ".", as gen never writes.
func hiddenKey(key string) bool {
	for _, seg := range strings.Split(key, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// phaseOf puts a file in the phase of its upload: first the assets pages
// use (images, styles, scripts), then the pages, and last what lists or
// announces pages: feeds, the search index, the home page, sitemaps and
// robots.txt, so that none of them points at a page not there yet.
func phaseOf(key string) int {
	ext := path.Ext(key)
	switch {
	case key == "index.html" || key == "robots.txt" || ext == ".xml" || ext == ".json" || strings.HasPrefix(key, "search/"):
		return 2
	case ext == ".html":
		return 1
	}
	return 0
}

// Apply carries out a plan: each phase's uploads, in parallel, before the
// next phase starts, then the deletions, then the manifest. A failure
// stops it at the end of the phase it is in, so that a page is never
// uploaded before a file it needs; running the deploy again converges.
func Apply(ctx context.Context, b *blob.Bucket, plan *Plan, opts Options) (*Summary, error) {
	sum := &Summary{Unchanged: plan.Unchanged}
	total := plan.Uploads() + len(plan.Deletes)
	var done atomic.Int64
	step := func() {
		n := done.Add(1)
		if opts.Progress != nil {
			opts.Progress(int(n), total)
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = 8
	}
	if plan.UpToDate() {
		return sum, nil
	}
	// The record of the bucket stops being trusted before it changes; a
	// deploy with nothing to change but a record not to be trusted
	// writes one that is.
	generation, err := begin(ctx, b, plan, opts)
	if errors.Is(err, errRecordChanged) {
		return sum, err
	}
	if err != nil {
		return sum, fmt.Errorf("recording the deploy in %s: %w", ManifestKey, err)
	}
	var mu sync.Mutex
	for _, phase := range plan.Phases {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(workers)
		for _, c := range phase {
			g.Go(func() error {
				n, err := retry(gctx, opts, func() (int64, error) { return upload(gctx, b, c) })
				if err != nil {
					return fmt.Errorf("uploading %s: %w", c.Key, err)
				}
				mu.Lock()
				sum.Uploaded++
				sum.Bytes += n
				mu.Unlock()
				step()
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return sum, err
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, k := range plan.Deletes {
		g.Go(func() error {
			_, err := retry(gctx, opts, func() (int64, error) {
				if err := b.Delete(gctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
					return 0, err
				}
				return 0, nil
			})
			if err != nil {
				return fmt.Errorf("deleting %s: %w", k, err)
			}
			mu.Lock()
			sum.Deleted++
			mu.Unlock()
			step()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return sum, err
	}
	if err := finish(ctx, b, generation, plan.files, opts); err != nil {
		return sum, fmt.Errorf("recording the deploy in %s: %w", ManifestKey, err)
	}
	return sum, nil
}

// retry runs f until it succeeds, the context ends, or the retries are
// spent; an error that trying again cannot mend (a missing bucket, a
// refused credential) is returned at once.
func retry(ctx context.Context, opts Options, f func() (int64, error)) (int64, error) {
	tries, wait := opts.Retries, opts.RetryWait
	if tries <= 0 {
		tries = 4
	}
	if wait <= 0 {
		wait = 250 * time.Millisecond
	}
	for i := 0; ; i++ {
		n, err := f()
		if err == nil || i == tries || ctx.Err() != nil {
			return n, err
		}
		switch gcerrors.Code(err) {
		case gcerrors.NotFound, gcerrors.PermissionDenied, gcerrors.InvalidArgument, gcerrors.Unimplemented:
			return n, err
		}
		// Backoff with jitter, so that workers do not retry in step.
		d := wait<<i + time.Duration(rand.Int64N(int64(wait)))
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return n, ctx.Err()
		}
	}
}

// upload stores one file with its headers, its MD5 checked by the store
// where it can, and gen's MD5 in its metadata.
func upload(ctx context.Context, b *blob.Bucket, c Change) (int64, error) {
	data, err := readStored(c.file, c.Headers)
	if err != nil {
		return 0, err
	}
	w := &blob.WriterOptions{
		ContentType: c.Headers.ContentType, CacheControl: c.Headers.CacheControl, ContentEncoding: c.Headers.ContentEncoding,
		ContentMD5: c.md5, Metadata: map[string]string{"gen-md5": fmt.Sprintf("%x", c.md5)},
	}
	if err := b.WriteAll(ctx, c.Key, data, w); err != nil {
		return 0, err
	}
	return int64(len(data)), nil
}

// readStored reads a file as it is stored: gzipped when its headers say.
func readStored(file string, h Headers) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if h.ContentEncoding == "gzip" {
		data = gzipped(data)
	}
	return data, nil
}

// walk lists the files of the site with their headers and the MD5 of
// their bytes as stored, which it takes from cache for a file the cache
// knows in the same status. The output's own marker and hidden files stay
// out.
func walk(dir string, d config.Deploy, cache *hashCache) ([]local, error) {
	var files []local
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		key := filepath.ToSlash(rel)
		if strings.HasPrefix(e.Name(), ".") && p != dir {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() || !e.Type().IsRegular() {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		files = append(files, local{key: key, file: p, headers: headersOf(key, d), info: info})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the site to deploy: %w", err)
	}
	// The files are read and hashed on every core.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range files {
		f := &files[i]
		if size, sum, ok := cache.lookup(f.key, f.info, f.headers.ContentEncoding == "gzip"); ok {
			f.size, f.md5 = size, sum
			continue
		}
		g.Go(func() error {
			data, err := readStored(f.file, f.headers)
			if err != nil {
				return fmt.Errorf("reading the site to deploy: %w", err)
			}
			sum := md5.Sum(data)
			f.size, f.md5 = int64(len(data)), sum[:]
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no files: run gen build first", dir)
	}
	return files, nil
}

// list reads the bucket's objects with their MD5 and size.
func list(ctx context.Context, b *blob.Bucket) (map[string]remote, error) {
	objects := map[string]remote{}
	it := b.List(nil)
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return objects, nil
		}
		if err != nil {
			return nil, fmt.Errorf("listing the bucket: %w", err)
		}
		if !o.IsDir {
			objects[o.Key] = remote{md5: o.MD5, size: o.Size}
		}
	}
}
