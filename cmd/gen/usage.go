package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet returns an empty flag set for the command name that parses
// quietly: gen prints its own errors and help.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// alias defines the one-letter flag short as another name of the flag
// long, already defined: both set the same value, and the help lists them
// on one line.
func alias(fs *flag.FlagSet, short, long string) {
	fs.Var(fs.Lookup(long).Value, short, "")
}

// commandHelp is a command's help: text with the list of fs's flags, as
// flagsHelp writes it, in place of its one %s.
func commandHelp(text string, fs *flag.FlagSet) string {
	return fmt.Sprintf(text, flagsHelp(fs))
}

// flagsHelp lists the flags of fs, one a line, sorted by name and each
// with its one-letter alias: the value's placeholder is the usage's
// back-quoted word (see flag.UnquoteUsage), the lines of a usage are
// aligned, and a default that is not the zero value follows the usage.
// "-h, --help" ends the list.
func flagsHelp(fs *flag.FlagSet) string {
	type entry struct{ names, usage string }
	var entries []entry
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) == 1 && isAlias(fs, f) {
			return // listed with its long name
		}
		names := "    --" + f.Name
		if len(f.Name) == 1 {
			names = "-" + f.Name
		}
		fs.VisitAll(func(g *flag.Flag) {
			if len(g.Name) == 1 && g != f && g.Value == f.Value {
				names = "-" + g.Name + ", --" + f.Name
			}
		})
		placeholder, usage := flag.UnquoteUsage(f)
		if placeholder != "" {
			names += " " + placeholder
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def := f.DefValue
			if g, ok := f.Value.(flag.Getter); ok {
				if _, ok := g.Get().(string); ok {
					def = fmt.Sprintf("%q", def)
				}
			}
			usage += " (default " + def + ")"
		}
		entries = append(entries, entry{names, usage})
	})
	entries = append(entries, entry{"-h, --help", "show this help"})
	width := 0
	for _, e := range entries {
		width = max(width, len(e.names))
	}
	var b strings.Builder
	for _, e := range entries {
		for i, line := range strings.Split(e.usage, "\n") {
			names := ""
			if i == 0 {
				names = e.names
			}
			fmt.Fprintf(&b, "  %-*s   %s\n", width, names, line)
		}
	}
	return b.String()
}

// isAlias reports whether the one-letter flag f is another name of a
// longer flag of fs.
func isAlias(fs *flag.FlagSet, f *flag.Flag) bool {
	found := false
	fs.VisitAll(func(g *flag.Flag) {
		found = found || len(g.Name) > 1 && g.Value == f.Value
	})
	return found
}
