package migrate

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// shortcodeTag finds a Hugo shortcode tag, {{< name params >}} or
// {{% name params %}}, opening or closing (/name), and the escaped form
// {{</* … */>}} that shows a tag as text.
var shortcodeTag = regexp.MustCompile(`\{\{([<%])(/\*)?\s*(/?)\s*([A-Za-z0-9_.\-/]+)((?:"(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `|[^"` + "`" + `>%])*?)\s*(\*/)?\s*/?([>%])\}\}`)

// shortcode is one parsed tag.
type shortcode struct {
	start, end int
	closing    bool
	name       string
	named      map[string]string
	pos        []string
	escaped    bool
	delim      string
}

// param returns the named parameter, or else the positional one at i.
func (s *shortcode) param(name string, i int) string {
	if v, ok := s.named[name]; ok {
		return v
	}
	if i >= 0 && i < len(s.pos) {
		return s.pos[i]
	}
	return ""
}

// parseParams splits a shortcode's parameters: name="value", name=value,
// "value", `value` and bare words.
func parseParams(s string) (map[string]string, []string) {
	named := map[string]string{}
	var pos []string
	s = strings.TrimSpace(s)
	for s != "" {
		name := ""
		if i := strings.IndexAny(s, "= \t\n\"`"); i > 0 && s[i] == '=' {
			name, s = s[:i], s[i+1:]
		}
		var val string
		switch {
		case strings.HasPrefix(s, `"`):
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			val = strings.ReplaceAll(s[1:min(end, len(s))], `\"`, `"`)
			s = s[min(end+1, len(s)):]
		case strings.HasPrefix(s, "`"):
			end := strings.IndexByte(s[1:], '`')
			if end < 0 {
				end = len(s) - 1
			}
			val, s = s[1:end+1], s[min(end+2, len(s)):]
		default:
			end := strings.IndexAny(s, " \t\n")
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		if name != "" {
			named[name] = val
		} else {
			pos = append(pos, val)
		}
		s = strings.TrimSpace(s)
	}
	return named, pos
}

// convertShortcodes turns the Hugo shortcodes of a body into Markdown, and
// leaves those it cannot convert as they are, with a note.
// from gives, for each line of body, the line of the source body it comes
// from.
func convertShortcodes(p *post, ix *index, body string, cfg *hugoConfig, pageValues map[string]any, from []int) string {
	lineAt := func(off int) int { return p.bodyLine + from[strings.Count(body[:off], "\n")] }
	var tags []*shortcode
	for _, m := range shortcodeTag.FindAllStringSubmatchIndex(body, -1) {
		sc := &shortcode{start: m[0], end: m[1], delim: body[m[2]:m[3]], escaped: m[4] >= 0, closing: body[m[6]:m[7]] == "/", name: strings.ToLower(body[m[8]:m[9]])}
		sc.named, sc.pos = parseParams(body[m[10]:m[11]])
		tags = append(tags, sc)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(tags); i++ {
		sc := tags[i]
		b.WriteString(body[last:sc.start])
		last = sc.end
		raw := body[sc.start:sc.end]
		if sc.escaped {
			// {{</* x */>}} shows the tag itself.
			raw = strings.Replace(strings.Replace(raw, "/*", "", 1), "*/", "", 1)
			b.WriteString(strings.Join(strings.Fields(raw), " "))
			continue
		}
		line := lineAt(sc.start)
		if sc.closing {
			b.WriteString(raw)
			p.note(line, "the closing shortcode %s has no opening one the importer converted: rewrite it by hand", raw)
			continue
		}
		// inner returns the text up to the closing tag, and moves past it.
		inner := func() (string, bool) {
			for j := i + 1; j < len(tags); j++ {
				if tags[j].closing && tags[j].name == sc.name {
					text := body[sc.end:tags[j].start]
					last = tags[j].end
					tags = append(tags[:i+1], tags[j+1:]...)
					return text, true
				}
			}
			return "", false
		}
		switch sc.name {
		case "figure":
			src := sc.param("src", 0)
			if src == "" {
				b.WriteString(raw)
				p.note(line, "figure without src: rewrite it by hand")
				continue
			}
			src = p.target(ix, src, line, true)
			alt := sc.param("alt", -1)
			if alt == "" {
				alt = sc.param("caption", -1)
			}
			img := fmt.Sprintf("![%s](%s)", mdEscape(alt), src)
			if t := sc.param("title", -1); t != "" {
				img = fmt.Sprintf("![%s](%s %q)", mdEscape(alt), src, t)
			}
			if l := sc.param("link", -1); l != "" {
				img = fmt.Sprintf("[%s](%s)", img, p.target(ix, l, line, false))
			}
			b.WriteString(img)
			if c := sc.param("caption", -1); c != "" {
				b.WriteString("\n\n*" + strings.TrimSpace(c) + "*")
			}
			if t := sc.param("title", -1); t != "" {
				b.WriteString("\n\n**" + strings.TrimSpace(t) + "**")
			}
			if a := sc.param("attr", -1); a != "" {
				b.WriteString(" " + a)
			}
			p.mapped("figure at line %d → image and caption", line)
		case "youtube":
			id := sc.param("id", 0)
			text := sc.param("title", -1)
			if text == "" {
				text = "Watch the video on YouTube"
			}
			b.WriteString(fmt.Sprintf("[%s](https://www.youtube.com/watch?v=%s)", mdEscape(text), id))
			p.mapped("youtube at line %d → link", line)
		case "vimeo":
			text := sc.param("title", -1)
			if text == "" {
				text = "Watch the video on Vimeo"
			}
			b.WriteString(fmt.Sprintf("[%s](https://vimeo.com/%s)", mdEscape(text), sc.param("id", 0)))
			p.mapped("vimeo at line %d → link", line)
		case "x", "tweet", "twitter":
			user, id := sc.param("user", 0), sc.param("id", 1)
			if len(sc.pos) == 1 && sc.named["user"] == "" {
				user, id = "i", sc.pos[0]
			}
			text := "View the post on X"
			if user != "i" && user != "" {
				text = "View the post by @" + user + " on X"
			}
			b.WriteString(fmt.Sprintf("[%s](https://x.com/%s/status/%s)", text, user, id))
			p.mapped("%s at line %d → link", sc.name, line)
		case "instagram":
			b.WriteString(fmt.Sprintf("[View the post on Instagram](https://www.instagram.com/p/%s/)", sc.param("id", 0)))
			p.mapped("instagram at line %d → link", line)
		case "gist":
			user, id, file := sc.param("user", 0), sc.param("id", 1), sc.param("file", 2)
			text := "View the gist " + user + "/" + id + " on GitHub"
			if file != "" {
				text = "View " + file + " of the gist " + user + "/" + id + " on GitHub"
			}
			b.WriteString(fmt.Sprintf("[%s](https://gist.github.com/%s/%s)", mdEscape(text), user, id))
			p.mapped("gist at line %d → link", line)
		case "highlight":
			code, ok := inner()
			if !ok {
				b.WriteString(raw)
				p.note(line, "highlight without its closing {{< /highlight >}}: rewrite it as fenced code")
				continue
			}
			b.WriteString(fence(sc.param("lang", 0), code))
			p.mapped("highlight at line %d → fenced code", line)
		case "ref", "relref":
			ref := sc.param("path", 0)
			target, anchor, _ := strings.Cut(ref, "#")
			if anchor != "" {
				anchor = "#" + anchor
			}
			q := lookupRef(ix, p, target)
			if q == nil {
				b.WriteString(raw)
				p.note(line, "%s names %q, which is not among the imported pages: link it by hand", sc.name, ref)
				continue
			}
			b.WriteString(ix.link(p, q, anchor))
			p.mapped("%s at line %d → link to %s", sc.name, line, q.url())
		case "param":
			key := strings.ToLower(sc.param("name", 0))
			v, ok := lookupParam(pageValues, key)
			if !ok {
				v, ok = lookupParam(lower(cfg.Params), key)
			}
			if !ok {
				b.WriteString(raw)
				p.note(line, "param %q is set neither by the page nor by the site's params: write the text by hand", key)
				continue
			}
			b.WriteString(v)
			p.mapped("param %s at line %d → its value", key, line)
		default:
			b.WriteString(raw)
			p.note(line, "the shortcode %s has no gen equivalent and is left as it is: rewrite it in Markdown", strings.Join(strings.Fields(raw), " "))
		}
	}
	b.WriteString(body[last:])
	return b.String()
}

// lookupRef finds the post a ref or post_url names.
func lookupRef(ix *index, p *post, ref string) *post {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "/")
	for _, k := range []string{ref, strings.TrimSuffix(ref, path.Ext(ref)), path.Base(ref), strings.TrimSuffix(path.Base(ref), path.Ext(ref))} {
		if q := ix.byKey[k]; q != nil {
			return q
		}
	}
	if q := ix.byURL[strings.TrimSuffix("/"+ref, "/")]; q != nil {
		return q
	}
	return nil
}

func lower(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// lookupParam finds a dotted key ("social.x") in values.
func lookupParam(values map[string]any, key string) (string, bool) {
	var v any = values
	for _, part := range strings.Split(key, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = lower(m)[part]; !ok {
			return "", false
		}
	}
	switch v.(type) {
	case map[string]any, []any, nil:
		return "", false
	}
	return fmt.Sprint(v), true
}

// fence writes code as a fenced block in lang, with a fence longer than
// any run of backticks in the code.
func fence(lang, code string) string {
	code = strings.Trim(code, "\n")
	f := "```"
	for strings.Contains(code, f) {
		f += "`"
	}
	return f + lang + "\n" + code + "\n" + f
}

// mdEscape escapes the characters that would end a link's text.
func mdEscape(s string) string {
	return strings.NewReplacer(`[`, `\[`, `]`, `\]`).Replace(s)
}
