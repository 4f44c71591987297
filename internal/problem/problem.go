// Package problem describes what is wrong with a site as values: a code,
// a place in a file and a message, for gen check's reports and the
// preview's error overlay. Problems are built where an error arises, by
// the package that finds it; this package never reads error text.
package problem

import (
	"errors"
	"fmt"
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

// Code names a kind of problem. Codes are stable: scripts may match them.
type Code string

// The codes. The README lists them with an example of each.
const (
	// ConfigSyntax is gen.toml that is not valid TOML.
	ConfigSyntax Code = "config.syntax"
	// ConfigUnknownKey is a key gen.toml may not hold.
	ConfigUnknownKey Code = "config.unknown-key"
	// ConfigValue is a value of gen.toml of the wrong type or out of range.
	ConfigValue Code = "config.value"
	// FileRefused is a file or folder gen will not read: a link out of
	// the site, a device, a hidden file where one may not be.
	FileRefused Code = "file.refused"
	// FileUnreadable is a file that could not be read, or is not text.
	FileUnreadable Code = "file.unreadable"
	// FrontmatterSyntax is a frontmatter block that is missing, not
	// closed, or not valid YAML, TOML or JSON.
	FrontmatterSyntax Code = "frontmatter.syntax"
	// FrontmatterUnknownKey is a frontmatter key gen does not know.
	FrontmatterUnknownKey Code = "frontmatter.unknown-key"
	// FrontmatterValue is a frontmatter value of the wrong type or that
	// names nothing: a date that is not one, a related brief that does
	// not exist, a bad slug or alias, a missing image.
	FrontmatterValue Code = "frontmatter.value"
	// MarkdownLimit is a body past one of the limits on the work its
	// render may take, or that took longer than its deadline.
	MarkdownLimit Code = "markdown.limit"
	// MarkdownRawHTML is raw HTML in a body, left out of the page because
	// the site does not allow it; a warning.
	MarkdownRawHTML Code = "markdown.raw-html"
	// MarkdownForeign is another generator's template tag in a body (a
	// Hugo shortcode, a Liquid tag), which gen shows as written; a warning.
	MarkdownForeign Code = "markdown.foreign"
	// LinkMissing is a link to a file or page that is not in the site.
	LinkMissing Code = "link.missing"
	// LinkAnchor is a link to a #anchor the page it leads to lacks.
	LinkAnchor Code = "link.anchor"
	// URLCollision is two files that would be written to one path.
	URLCollision Code = "url.collision"
	// LayoutParse is a layout that is not a valid template.
	LayoutParse Code = "layout.parse"
	// LayoutExec is a layout that failed while rendering a page.
	LayoutExec Code = "layout.exec"
	// LayoutFile is a layout file that is missing, or one gen does not use.
	LayoutFile Code = "layout.file"
	// Editorial is a brief that breaks one of the editorial rules of
	// gen.toml's [check] table; a warning.
	Editorial Code = "editorial"
	// Build is any other error that stops a build, such as a disk error.
	Build Code = "build"
)

// Problem is one thing wrong with a site, at a place in a file.
type Problem struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Message  string   `json:"message"`
	Code     Code     `json:"code"`
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

// Source is an error that knows the problem it is.
type Source interface {
	error
	Problem() Problem
}

// From returns the problems of a build error: one for each error joined
// into it (errors.Join), each the Problem of the first Source in that
// error's chain. An error with no Source in its chain is a problem with
// code Build and the error's text as its message.
func From(err error) []Problem {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []Problem
		for _, e := range j.Unwrap() {
			out = append(out, From(e)...)
		}
		return out
	}
	var s Source
	if errors.As(err, &s) {
		p := s.Problem()
		if p.Severity == "" {
			p.Severity = Error
		}
		return []Problem{p}
	}
	return []Problem{{Severity: Error, Code: Build, Message: err.Error()}}
}

// Failure is an error that is a problem, for the places that find one
// and have no error type of their own. It prints as its Problem does.
type Failure struct {
	Code Code
	// File is the path from the site root, or "" when no one file is at
	// fault; Line and Column count from 1, or are 0 when unknown.
	File         string
	Line, Column int
	Message      string
}

// Errorf returns a Failure with code and a formatted message, at no file.
func Errorf(code Code, format string, args ...any) *Failure {
	return &Failure{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error formats the failure as "file:line:col: message".
func (f *Failure) Error() string { return f.Problem().String() }

// Problem returns the failure as an error Problem.
func (f *Failure) Problem() Problem {
	return Problem{Severity: Error, Code: f.Code, File: f.File, Line: f.Line, Column: f.Column, Message: f.Message}
}
