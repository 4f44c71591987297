package config

import (
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/problem"
)

// TestDeployConfig checks the [deploy] table: its targets and header
// rules are read, and each mistake is an error at the line of the table
// or key at fault, saying what to write.
func TestDeployConfig(t *testing.T) {
	good := "title = \"T\"\n[publisher]\nurl = \"https://example.org/\"\n[deploy]\ngzip = true\n" +
		"[[deploy.targets]]\nname = \"a\"\nurl = \"s3://bucket?region=eu-west-1\"\n" +
		"[[deploy.targets]]\nname = \"b\"\nurl = \"file:///srv/site\"\n" +
		"[[deploy.headers]]\npattern = \"*.png\"\ncache_control = \"public, max-age=60\"\n"
	c, err := Parse("gen.toml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if first, _ := c.Deploy.Target(""); first.Name != "a" || !c.Deploy.Gzip || len(c.Deploy.Headers) != 1 {
		t.Errorf("deploy %+v", c.Deploy)
	}
	if b, ok := c.Deploy.Target("b"); !ok || b.URL != "file:///srv/site" {
		t.Errorf("target b: %+v %v", b, ok)
	}
	if _, ok := c.Deploy.Target("c"); ok {
		t.Error("found a target c")
	}
	tests := []struct {
		name, toml string
		line       int
		code       problem.Code
		msg        string
	}{
		{"bad scheme in the second target", "[publisher]\nurl = \"https://example.org/\"\n[[deploy.targets]]\nname = \"a\"\nurl = \"s3://x\"\n[[deploy.targets]]\nname = \"b\"\nurl = \"ftp://x\"\n",
			8, problem.ConfigValue, `target "b": "ftp://x" is not a bucket URL`},
		{"no bucket", "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://?region=x\"\n", 3, problem.ConfigValue, "names no bucket"},
		{"no name", "title = \"T\"\n[[deploy.targets]]\nurl = \"s3://x\"\n", 2, problem.ConfigValue, "the 1st target has no name"},
		{"two names alike", "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://x\"\n\n[[deploy.targets]]\nname = \"a\"\nurl = \"s3://y\"\n", 6, problem.ConfigValue, `two targets are called "a"`},
		{"bad pattern", "[[deploy.headers]]\npattern = \"[\"\ncache_control = \"x\"\n", 2, problem.ConfigValue, "is not a pattern"},
		{"no cache_control", "[[deploy.headers]]\npattern = \"*.png\"\n", 1, problem.ConfigValue, "give a Cache-Control value"},
		{"unknown key in a target", "[[deploy.targets]]\nname = \"a\"\nbucket = \"x\"\n", 3, problem.ConfigUnknownKey, "known keys: name, url"},
		{"unknown key in deploy", "[deploy]\ngzipp = true\n", 2, problem.ConfigUnknownKey, `(did you mean "gzip"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("gen.toml", []byte(tt.toml))
			ps := problem.From(err)
			if len(ps) != 1 || ps[0].Line != tt.line || ps[0].Code != tt.code || !strings.Contains(ps[0].Message, tt.msg) {
				t.Errorf("got %v; want line %d, %s, %q", ps, tt.line, tt.code, tt.msg)
			}
		})
	}
}
