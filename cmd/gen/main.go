// Command gen builds websites of tech-industry briefs from Markdown.
//
// Usage:
//
//	gen build [-s DIR] [-d DIR] [--baseURL URL] [--drafts] [--future] [-q]
//	gen version
//	gen help [COMMAND]
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
