package render

import (
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	texttemplate "text/template"

	"github.com/gen-briefs/gen/internal/problem"
)

// Error is a layout that could not be parsed, or that failed while a page
// was rendered, at its place in the layout. An error inside a partial is
// at the partial, not at the layout that called it.
type Error struct {
	// Code is problem.LayoutParse or problem.LayoutExec.
	Code problem.Code
	// File is the layout's path from the site root.
	File         string
	Line, Column int
	Message      string
	// Rendering is the content file of the page being rendered, or its
	// output path; "" while parsing.
	Rendering string
	// More is the number of other pages that failed the same way.
	More int
}

// Error formats the problem as "file:line:col: message (rendering file)".
func (e *Error) Error() string { return e.Problem().String() }

// Problem returns the error as a problem for reports.
func (e *Error) Problem() problem.Problem {
	msg := e.Message
	if e.Rendering != "" {
		msg += " (rendering " + e.Rendering + ")"
	}
	if e.More > 0 {
		msg += fmt.Sprintf(" (and %d more pages)", e.More)
	}
	return problem.Problem{Severity: problem.Error, Code: e.Code, File: e.File, Line: e.Line, Column: e.Column, Message: msg}
}

// Same reports whether two errors are one mistake in a layout, whatever
// page each was rendering.
func (e *Error) Same(o *Error) bool {
	return e.Code == o.Code && e.File == o.File && e.Line == o.Line && e.Column == o.Column && e.Message == o.Message
}

// layoutError makes an *Error of an error from html/template. The place
// comes from the typed error where the template package has one
// (*template.Error), else from the one thing text/template prints before
// its message and keeps nowhere else: "template: FILE:LINE:COL: ", where
// FILE is one of the layouts, whose names are known. An ExecError inside
// another (a partial called from a layout) is reported at the innermost.
func (r *Renderer) layoutError(err error, code problem.Code) *Error {
	e := &Error{Code: code}
	text := err.Error()
	var exec texttemplate.ExecError
	for inner := err; errors.As(inner, &exec); inner = exec.Err {
		code, text = problem.LayoutExec, exec.Err.Error()
	}
	e.Code = code
	var te *template.Error
	if errors.As(err, &te) && te.ErrorCode != template.OK {
		e.File, e.Line, e.Message = te.Name, te.Line, te.Description
		text = strings.TrimPrefix(text, "html/template:")
	}
	if e.Message == "" || te != nil && te.Node != nil {
		e.File, e.Line, e.Column, e.Message = r.place(strings.TrimPrefix(text, "template: "))
	}
	e.Message = strings.ReplaceAll(e.Message, " in type *render.View", " on this page (see the fields listed in the README's Layouts section)")
	if code == problem.LayoutParse && strings.HasSuffix(e.Message, "unexpected EOF") {
		e.Message += ": an {{if}}, {{range}}, {{with}}, {{block}} or {{define}} is missing its {{end}}"
	}
	if r.builtins[e.File] {
		e.Message += " (in the default theme)"
	}
	return e
}

// place splits "FILE:LINE:COL: message", "FILE:LINE: message" or
// "FILE: message" for FILE one of the layouts; a text that starts with
// none of them is all message.
func (r *Renderer) place(text string) (file string, line, col int, msg string) {
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range r.names {
			if !yield(n) {
				return
			}
		}
	}) {
		rest, ok := strings.CutPrefix(text, name+":")
		if !ok || len(name) <= len(file) {
			continue
		}
		file, line, col, msg = name, 0, 0, strings.TrimPrefix(rest, " ")
		for _, n := range []*int{&line, &col} {
			digits, after, ok := strings.Cut(rest, ":")
			v, err := strconv.Atoi(digits)
			if !ok || err != nil {
				break
			}
			*n, rest, msg = v, after, strings.TrimPrefix(after, " ")
		}
	}
	if file == "" {
		return "", 0, 0, text
	}
	return file, line, col, msg
}
