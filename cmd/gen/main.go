// Command gen builds websites of tech-industry briefs from Markdown.
//
// Usage:
//
//	gen serve [-s DIR] [--bind ADDR] [--port N] [--drafts=false] [--future=false] [--open] [--write]
//	gen build [-s DIR] [-d DIR] [--baseURL URL] [--drafts] [--future] [--now TIME] [-n] [-q]
//	gen check [-s DIR] [--format text|json]
//	gen init DIR
//	gen new brief "Headline" [--company NAME]... [--topic NAME]... [--term TAXONOMY=NAME]...
//	gen new page PATH
//	gen import FILE|-
//	gen version
//	gen help [COMMAND]
//
// With GEN_CPUPROFILE=FILE in the environment, gen writes a CPU profile of
// the command to FILE, for go tool pprof.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() {
	if path := os.Getenv("GEN_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: GEN_CPUPROFILE: %v\n", err)
			os.Exit(exitBadUsage)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "gen: GEN_CPUPROFILE: %v\n", err)
			os.Exit(exitBadUsage)
		}
		code := run(os.Args[1:], os.Stdout, os.Stderr)
		pprof.StopCPUProfile()
		f.Close()
		os.Exit(code)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
