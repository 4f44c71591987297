package problem

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	err := errors.New(strings.Join([]string{
		"content/briefs/a.md:3: date: cannot read \"soon\" as a date",
		"layouts/brief.html:12:5: executing \"main\" at <.X>: can't evaluate field X",
		"content/a.md and content/b.md would both be written to a/index.html: change the slug of one of them",
		"gen.toml: cannot read",
	}, "\n"))
	want := []Problem{
		{Severity: Error, File: "content/briefs/a.md", Line: 3, Message: "date: cannot read \"soon\" as a date"},
		{Severity: Error, File: "layouts/brief.html", Line: 12, Column: 5, Message: "executing \"main\" at <.X>: can't evaluate field X"},
		{Severity: Error, Message: "content/a.md and content/b.md would both be written to a/index.html: change the slug of one of them"},
		{Severity: Error, File: "gen.toml", Message: "cannot read"},
	}
	got := Parse(err)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse =\n%+v\nwant\n%+v", got, want)
	}
	for i, line := range strings.Split(err.Error(), "\n") {
		if got[i].String() != line {
			t.Errorf("String() = %q, want %q", got[i].String(), line)
		}
	}
}
