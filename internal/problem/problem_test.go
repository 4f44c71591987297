package problem

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestFrom(t *testing.T) {
	at := &Failure{Code: FrontmatterValue, File: "content/briefs/a.md", Line: 3, Message: `date: cannot read "soon" as a date`}
	col := &Failure{Code: LayoutExec, File: "layouts/brief.html", Line: 12, Column: 5, Message: "executing \"main\" at <.X>: can't evaluate field X"}
	none := Errorf(URLCollision, "content/a.md and content/b.md would both be written to a/index.html: change the slug of one of them")
	for _, tc := range []struct {
		name string
		err  error
		want []Problem
	}{
		{"nil", nil, nil},
		{"one", at, []Problem{at.Problem()}},
		{"joined, nested and wrapped",
			errors.Join(at, errors.Join(fmt.Errorf("writing a.html: %w", col), none)),
			[]Problem{at.Problem(), col.Problem(), none.Problem()}},
		{"no source", errors.New("disk full"), []Problem{{Severity: Error, Code: Build, Message: "disk full"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := From(tc.err); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("From =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "content/briefs/a.md", Line: 3, Message: "m"}, "content/briefs/a.md:3: m"},
		{Problem{File: "layouts/brief.html", Line: 12, Column: 5, Message: "m"}, "layouts/brief.html:12:5: m"},
		{Problem{File: "gen.toml", Message: "m"}, "gen.toml: m"},
		{Problem{Message: "m"}, "m"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if got := (&Failure{File: tc.p.File, Line: tc.p.Line, Column: tc.p.Column, Message: tc.p.Message}).Error(); got != tc.want {
			t.Errorf("Failure.Error() = %q, want %q", got, tc.want)
		}
	}
}
