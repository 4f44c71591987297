package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/gen-briefs/gen/internal/corpus"
)

// corpusCmd writes a corpus site: genbench corpus -n N -o DIR.
func corpusCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 10000, "number of briefs")
	dir := fs.String("o", "", "folder to write the site into (required)")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if *dir == "" || *n < 1 || fs.NArg() > 0 {
		return usageError("want -n N (at least 1) and -o DIR, and no arguments")
	}
	if err := corpus.Write(*dir, *n); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d briefs to %s\n", *n, *dir)
	return nil
}
