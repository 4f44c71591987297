package main

import (
	"flag"
	"slices"
	"strings"
	"testing"
)

// TestHelpListsEveryFlag checks, for every command with flags, that each
// flag its FlagSet defines is listed in its help, and each flag its help
// lists is defined, so the two cannot drift apart.
func TestHelpListsEveryFlag(t *testing.T) {
	for _, c := range commands() {
		if c.flags == nil {
			continue // version and help take no flags
		}
		t.Run(c.name, func(t *testing.T) {
			defined := []string{"h", "help"}
			c.flags().VisitAll(func(f *flag.Flag) { defined = append(defined, f.Name) })
			listed := listedFlags(c.help())
			slices.Sort(defined)
			slices.Sort(listed)
			if !slices.Equal(defined, listed) {
				t.Errorf("gen help %s lists flags %q; its FlagSet defines %q", c.name, listed, defined)
			}
		})
	}
}

// listedFlags returns the names in the first column of a help's flag
// list: the lines after "flags:" up to a blank line.
func listedFlags(help string) []string {
	_, list, _ := strings.Cut(help, "\nflags:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	var names []string
	for line := range strings.Lines(list) {
		for _, w := range strings.Fields(line) {
			if !strings.HasPrefix(w, "-") {
				break
			}
			names = append(names, strings.TrimLeft(strings.TrimSuffix(w, ","), "-"))
		}
	}
	return names
}

func TestFlagsHelp(t *testing.T) {
	fs := newFlagSet("x")
	fs.String("source", ".", "site root `DIR`")
	alias(fs, "s", "source")
	fs.Int("port", 1414, "port `N`")
	fs.Bool("drafts", true, "show drafts")
	fs.Bool("quiet", false, "print only errors,\nand warnings")
	fs.String("out", "", "write to `PATH`")
	want := `      --drafts       show drafts (default true)
      --out PATH     write to PATH
      --port N       port N (default 1414)
      --quiet        print only errors,
                     and warnings
  -s, --source DIR   site root DIR (default ".")
  -h, --help         show this help
`
	if got := flagsHelp(fs); got != want {
		t.Errorf("flagsHelp:\n%s\nwant:\n%s", got, want)
	}
}
