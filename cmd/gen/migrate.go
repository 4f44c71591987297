package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/migrate"
)

// siteImport holds the flags of gen import --from: a whole site made with
// another generator.
type siteImport struct {
	from, uploads string
	maps          listFlag
	dryRun        bool
}

func (si *siteImport) flags(fs *flag.FlagSet) {
	fs.StringVar(&si.from, "from", "", "import a whole site made with `TOOL`: hugo or jekyll (give its folder), or wordpress (give its WXR export)")
	fs.StringVar(&si.uploads, "uploads", "", "with --from wordpress: the `DIR` of the site's uploads: wp-content/uploads itself, or a copy of the site or of wp-content that holds it; files are copied where posts use them")
	fs.Var(&si.maps, "map", "with --from: send a source key to a taxonomy, as `KEY=TAXONOMY` (such as tags=companies; tags and categories go to topics otherwise)")
	fs.BoolVar(&si.dryRun, "dry-run", false, "with --from: print the report, write nothing")
}

// used reports whether a flag of an import from another generator was
// given.
func (si *siteImport) used() bool {
	return si.uploads != "" || len(si.maps) > 0 || si.dryRun
}

// run imports the site or export pos names into the site at siteDir and
// prints the report.
func (si *siteImport) run(siteDir, out string, pos []string, stdout, stderr io.Writer, usage string) int {
	if si.from == "" {
		fmt.Fprintf(stderr, "gen import: --uploads, --map and --dry-run go with --from hugo, jekyll or wordpress\n\n%s", usage)
		return exitBadUsage
	}
	if out != "" {
		fmt.Fprintf(stderr, "gen import --from: --out is for one file of copy; a site is imported into content/\n")
		return exitBadUsage
	}
	if len(pos) != 1 {
		what := "the folder of the site"
		if si.from == "wordpress" {
			what = "the WordPress export (an .xml file)"
		}
		fmt.Fprintf(stderr, "gen import --from %s: give %s\n\n%s", si.from, what, usage)
		return exitBadUsage
	}
	if si.uploads != "" && si.from != "wordpress" {
		fmt.Fprintf(stderr, "gen import: --uploads goes with --from wordpress; a %s site's files are found in its folder\n", si.from)
		return exitBadUsage
	}
	maps := map[string]string{}
	for _, m := range si.maps {
		k, v, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			fmt.Fprintf(stderr, "gen import: --map %s: write the source key, =, and the taxonomy's key, as in --map tags=companies\n", m)
			return exitBadUsage
		}
		maps[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	cfg, err := config.Load(siteDir)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitFailed
	}
	if info, err := os.Stat(pos[0]); err != nil {
		fmt.Fprintf(stderr, "gen import: %v\n", err)
		return exitFailed
	} else if info.IsDir() == (si.from == "wordpress") {
		fmt.Fprintf(stderr, "gen import --from %s: %s: give a folder for hugo and jekyll, the export file for wordpress\n", si.from, pos[0])
		return exitBadUsage
	}
	plan, err := migrate.Import(migrate.Options{From: si.from, Source: pos[0], SiteDir: siteDir, Config: cfg, Uploads: si.uploads, Map: maps, Now: time.Now()})
	if err != nil {
		fmt.Fprintf(stderr, "gen import: %v\n", err)
		return exitFailed
	}
	plan.Report(stdout)
	if si.dryRun {
		fmt.Fprintln(stdout, "dry run: nothing written")
		return exitOK
	}
	if err := plan.Write(siteDir); err != nil {
		fmt.Fprintf(stderr, "gen import: %v\n", err)
		return exitFailed
	}
	return exitOK
}
