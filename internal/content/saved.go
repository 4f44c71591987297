package content

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/gen-briefs/gen/internal/wire"
	"github.com/pelletier/go-toml/v2"
)

// A page's saved form (Page.Saved) is its decoded frontmatter and where its
// body starts, in a small binary encoding of its own: a build cache holds
// one for each Markdown file, and the next build decodes the frontmatter
// of a file that did not change from it instead of parsing the file again.
// The encoding keeps every value's exact Go type, which layouts can see.

// savedVersion starts every saved form; it changes with the encoding.
const savedVersion = 1

// Value tags of the saved encoding.
const (
	tagNil = iota
	tagString
	tagFalse
	tagTrue
	tagInt
	tagInt64
	tagUint64
	tagFloat64
	tagTime
	tagList
	tagMap
	tagLocalDate
	tagLocalTime
	tagLocalDateTime
)

// errUnsaved is a value the saved encoding does not hold; the page is
// then read from its file on every build.
var errUnsaved = errors.New("not a value the saved form holds")

// encodeSaved returns the saved form of a page's frontmatter and body
// position, or nil when a value of the frontmatter has a type it does
// not hold.
func encodeSaved(fm *FrontMatter, bodyLine, bodyStart int, sum uint64) []byte {
	w := &wire.Writer{}
	w.Byte(savedVersion)
	w.String(fm.Format)
	w.Int(int64(fm.Line))
	w.Uint(uint64(len(fm.keyLines)))
	for _, k := range slices.Sorted(maps.Keys(fm.keyLines)) {
		w.String(k)
		w.Int(int64(fm.keyLines[k]))
	}
	w.Int(int64(bodyLine))
	w.Int(int64(bodyStart))
	w.Fixed64(sum)
	if err := writeValue(w, fm.Values); err != nil {
		return nil
	}
	return w.B
}

// decodeSaved reverses encodeSaved.
func decodeSaved(data []byte) (fm *FrontMatter, bodyLine, bodyStart int, sum uint64, err error) {
	r := wire.NewReader(data)
	if r.Byte() != savedVersion {
		return nil, 0, 0, 0, errors.New("saved page of another version")
	}
	fm = &FrontMatter{Format: r.String(), Line: int(r.Int())}
	n := r.Len()
	fm.keyLines = make(map[string]int, n)
	for range n {
		k := r.String()
		fm.keyLines[k] = int(r.Int())
	}
	bodyLine, bodyStart = int(r.Int()), int(r.Int())
	sum = r.Fixed64()
	values, _ := readValue(r, 0).(map[string]any)
	fm.Values = values
	if values == nil || !r.Done() {
		r.Fail()
	}
	return fm, bodyLine, bodyStart, sum, r.Err
}

// writeValue writes v, a value decoded from YAML, TOML or JSON.
func writeValue(w *wire.Writer, v any) error {
	switch v := v.(type) {
	case nil:
		w.Byte(tagNil)
	case string:
		w.Byte(tagString)
		w.String(v)
	case bool:
		if v {
			w.Byte(tagTrue)
		} else {
			w.Byte(tagFalse)
		}
	case int:
		w.Byte(tagInt)
		w.Int(int64(v))
	case int64:
		w.Byte(tagInt64)
		w.Int(v)
	case uint64:
		w.Byte(tagUint64)
		w.Uint(v)
	case float64:
		w.Byte(tagFloat64)
		w.Float(v)
	case time.Time:
		// UTC, or a zone of a fixed offset as TOML's date-times have: a
		// named zone (time.Local, a tz database zone) would come back as
		// another value.
		name, offset := v.Zone()
		utc := v.Location() == time.UTC
		if !utc && !reflect.DeepEqual(v.Location(), time.FixedZone(name, offset)) {
			return errUnsaved
		}
		w.Byte(tagTime)
		w.Int(v.Unix())
		w.Int(int64(v.Nanosecond()))
		if utc {
			w.Byte(0)
		} else {
			w.Byte(1)
			w.String(name)
			w.Int(int64(offset))
		}
	case []any:
		w.Byte(tagList)
		w.Uint(uint64(len(v)))
		for _, item := range v {
			if err := writeValue(w, item); err != nil {
				return err
			}
		}
	case map[string]any:
		w.Byte(tagMap)
		w.Uint(uint64(len(v)))
		for _, k := range slices.Sorted(maps.Keys(v)) {
			w.String(k)
			if err := writeValue(w, v[k]); err != nil {
				return err
			}
		}
	case toml.LocalDate:
		w.Byte(tagLocalDate)
		writeInts(w, v.Year, v.Month, v.Day)
	case toml.LocalTime:
		w.Byte(tagLocalTime)
		writeInts(w, v.Hour, v.Minute, v.Second, v.Nanosecond, v.Precision)
	case toml.LocalDateTime:
		w.Byte(tagLocalDateTime)
		writeInts(w, v.Year, v.Month, v.Day, v.Hour, v.Minute, v.Second, v.Nanosecond, v.Precision)
	default:
		return errUnsaved
	}
	return nil
}

func writeInts(w *wire.Writer, ns ...int) {
	for _, n := range ns {
		w.Int(int64(n))
	}
}

func readInts(r *wire.Reader, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = int(r.Int())
	}
	return out
}

// readValue reads one value writeValue wrote, depth lists and maps down.
func readValue(r *wire.Reader, depth int) any {
	if depth > 1000 {
		r.Fail()
		return nil
	}
	switch tag := r.Byte(); tag {
	case tagNil:
		return nil
	case tagString:
		return r.String()
	case tagFalse, tagTrue:
		return tag == tagTrue
	case tagInt:
		return int(r.Int())
	case tagInt64:
		return r.Int()
	case tagUint64:
		return r.Uint()
	case tagFloat64:
		return r.Float()
	case tagTime:
		t := time.Unix(r.Int(), r.Int())
		if r.Byte() == 0 {
			return t.UTC()
		}
		name := r.String()
		return t.In(time.FixedZone(name, int(r.Int())))
	case tagList:
		list := make([]any, r.Len())
		for i := range list {
			list[i] = readValue(r, depth+1)
		}
		return list
	case tagMap:
		n := r.Len()
		m := make(map[string]any, n)
		for range n {
			k := r.String()
			m[k] = readValue(r, depth+1)
		}
		return m
	case tagLocalDate:
		v := readInts(r, 3)
		return toml.LocalDate{Year: v[0], Month: v[1], Day: v[2]}
	case tagLocalTime:
		v := readInts(r, 5)
		return toml.LocalTime{Hour: v[0], Minute: v[1], Second: v[2], Nanosecond: v[3], Precision: v[4]}
	case tagLocalDateTime:
		v := readInts(r, 8)
		return toml.LocalDateTime{LocalDate: toml.LocalDate{Year: v[0], Month: v[1], Day: v[2]},
			LocalTime: toml.LocalTime{Hour: v[3], Minute: v[4], Second: v[5], Nanosecond: v[6], Precision: v[7]}}
	default:
		r.Fail()
		return nil
	}
}

// restorePage makes the page rel of a saved form (Page.Saved) made from
// the same file, which did not change since.
func restorePage(root, rel string, bundles map[string]bool, sc schema, data []byte) (*Page, error) {
	p, err := newPage(rel, bundles)
	if err != nil {
		return nil, err
	}
	fm, bodyLine, bodyStart, sum, err := decodeSaved(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	meta, err := decodeMeta(fm, sc)
	if err != nil {
		return nil, fmt.Errorf("%s: saved page does not decode: %w", rel, err)
	}
	fm.Values = nil
	p.Front, p.Meta, p.BodyLine = fm, meta, bodyLine
	p.siteDir, p.file, p.sum, p.bodyStart, p.saved = filepath.Dir(root), filepath.Join(root, filepath.FromSlash(rel)), sum, bodyStart, data
	return p, nil
}
