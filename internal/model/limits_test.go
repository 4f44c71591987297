package model

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/sitetest"
)

// A body past one of the Markdown limits fails the build at the file's
// line, and one whose render passes the deadline fails naming the file,
// whether its Markdown is rendered by Build or later by RenderBody
// (Options.Defer).
func TestBuildMarkdownLimits(t *testing.T) {
	big := strings.Repeat("A paragraph with *emphasis* and `code`.\n\n", 40_000)
	tests := []struct {
		name    string
		body    string
		timeout time.Duration
		want    string
	}{
		{name: "nesting", body: "Intro.\n\n" + strings.Repeat("> ", 40) + "deep\n",
			want: "content/about.md:6: block quotes and lists are nested more than 32 deep: gen refuses deeper nesting, which makes rendering crawl; flatten the quotes or lists"},
		{name: "deadline", body: big, timeout: time.Millisecond,
			want: "content/about.md: rendering the Markdown took more than 1ms, so gen gave up on it: the page is too long or too intricate; split it into smaller pages"},
	}
	for _, tt := range tests {
		for _, deferred := range []bool{false, true} {
			name := tt.name
			if deferred {
				name += " deferred"
			}
			t.Run(name, func(t *testing.T) {
				dir := sitetest.Write(t, map[string]string{"content/about.md": "---\ntitle: About\n---\n" + tt.body})
				tree, err := content.Load(context.Background(), dir, time.UTC)
				if err != nil {
					t.Fatal(err)
				}
				md := markdown.New(markdown.Options{Timeout: tt.timeout})
				s, err := Build(config.Default(), tree, md, Options{Now: now, Defer: deferred})
				if deferred {
					if err != nil {
						t.Fatalf("Build with Defer: %v", err)
					}
					for _, p := range s.Pages {
						if p.Source != nil && p.Source.Path == "about.md" {
							err = s.RenderBody(p)
						}
					}
				}
				if err == nil || err.Error() != tt.want {
					t.Errorf("error = %v\nwant    %s", err, tt.want)
				}
			})
		}
	}
}
