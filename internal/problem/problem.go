// Package problem turns build errors into structured problems, for the
// preview's error overlay and for gen check's reports.
package problem

import (
	"regexp"
	"strconv"
	"strings"
)

// Severity says whether a problem stops a build.
type Severity string

// The severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one thing wrong with a site, at a place in a file.
type Problem struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Message  string   `json:"message"`
}

// String formats the problem as "file:line:col: message".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
			if p.Column > 0 {
				b.WriteString(":" + strconv.Itoa(p.Column))
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// located matches "file:line:col: message" and "file:line: message".
var located = regexp.MustCompile(`^([^:\s][^:]*?):(\d+)(?::(\d+))?: (.*)$`)

// Parse splits a build error into its problems, one a line, all with
// severity Error.
func Parse(err error) []Problem {
	var out []Problem
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := located.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			out = append(out, Problem{Severity: Error, File: m[1], Line: n, Column: col, Message: m[4]})
			continue
		}
		file, msg, ok := strings.Cut(line, ": ")
		if !ok || strings.Contains(file, " ") {
			file, msg = "", line
		}
		out = append(out, Problem{Severity: Error, File: file, Message: msg})
	}
	return out
}
