package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/modeltest"
)

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"AWS cuts jobs", []string{"aws", "cuts", "jobs"}},
		{"The cost of a chip, in 2026", []string{"cost", "chip", "2026"}},
		{"Apple's M5: faster", []string{"apple", "m5", "faster"}},
		{"Société Générale and 日本電信", []string{"societe", "generale", "日本電信"}},
		{"Nestle\u0301 in Zürich", []string{"nestle", "zurich"}},
		{"x y z", nil},
		{strings.Repeat("a", MaxWord+1) + " ok", []string{"ok"}},
		{"cloud, cloud", []string{"cloud", "cloud"}},
	}
	for _, tt := range tests {
		if got := Words(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// FuzzASCIIWords checks that the one-pass split of ASCII text finds the
// words that folding and splitting any text finds.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{"AWS cuts jobs", "The cost of a chip, in 2026", "x y z", "A--b__c9 ZZ", strings.Repeat("q", MaxWord) + " " + strings.Repeat("r", MaxWord+1), "\x00\x7fTo tHe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !isASCII(text) {
			return
		}
		if got, want := asciiWords(text), foldedWords(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("asciiWords(%q) = %q, want %q", text, got, want)
		}
	})
}

func TestShard(t *testing.T) {
	// Words that start with the same two letters share a shard, so that a
	// query for the start of a word finds every word it begins.
	for _, shards := range []int{1, 7, 40} {
		for _, pair := range [][2]string{{"microsoft", "micron"}, {"societe", "soc"}, {"日本電信", "日本"}} {
			a, b := Shard(pair[0], shards), Shard(pair[1], shards)
			if a != b || a < 0 || a >= shards {
				t.Errorf("Shard(%q, %d) = %d, Shard(%q) = %d", pair[0], shards, a, pair[1], b)
			}
		}
	}
	// "ab" is 'a'*31 + 'b' = 3105.
	if got := Shard("ab", 10000); got != 3105 {
		t.Errorf(`Shard("ab", 10000) = %d, want 3105`, got)
	}
}

// TestFiles builds a real site, makes its index, and reads the index back
// as the search script does: every word of every brief's title, key
// points, companies and topics leads to that brief with the right fields.
func TestFiles(t *testing.T) {
	files := map[string]string{
		"gen.toml": "[companies.\"Amazon Web Services\"]\naliases = [\"AWS\"]\n",
	}
	for i := range 230 {
		date := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.RFC3339)
		files["content/briefs/b"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+".md"] = "---\ntitle: Brief number " + strings.Repeat("I", i%5+1) + " about <chips>\ndate: " + date +
			"\ncompanies: [AWS]\ntopics: [Cloud computing]\nkey_points: [\"Prices rose \\\"sharply\\\" in Q" + string(rune('1'+i%4)) + "\", \"Demand held\"]\n---\nBody.\n"
	}
	s, _ := modeltest.Model(t, files, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	out, err := Files(s.Taxonomies, s.Briefs)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range out {
		paths = append(paths, f.Path)
	}
	if want := Paths(len(s.Briefs)); !reflect.DeepEqual(paths, want) {
		t.Fatalf("paths = %q, want Paths(%d) = %q", paths, len(s.Briefs), want)
	}
	if n := len(paths); n != 1+1+5 { // meta, one shard for 230 briefs, five chunks
		t.Errorf("%d files", n)
	}

	data := map[string]json.RawMessage{}
	for _, f := range out {
		name := strings.TrimSuffix(strings.TrimPrefix(f.Path, Dir), ".js")
		js := string(f.Data)
		prefix := "genSearch.load(\"" + name + "\","
		if !strings.HasPrefix(js, prefix) || !strings.HasSuffix(js, ");\n") {
			t.Fatalf("%s is not a genSearch.load call: %.80s", f.Path, js)
		}
		if strings.Contains(js, "<") {
			t.Errorf("%s has a < that could end a script", f.Path)
		}
		data[name] = json.RawMessage(strings.TrimSuffix(strings.TrimPrefix(js, prefix), ");\n"))
	}
	var meta struct {
		Shards, Docs, Chunk int
	}
	if err := json.Unmarshal(data["meta"], &meta); err != nil || meta.Shards != 1 || meta.Docs != 230 || meta.Chunk != ChunkSize {
		t.Fatalf("meta = %+v, %v", meta, err)
	}
	var words map[string][]int
	if err := json.Unmarshal(data["w0"], &words); err != nil {
		t.Fatal(err)
	}
	decode := func(word string) map[int]int {
		out, id := map[int]int{}, 0
		for _, v := range words[word] {
			id += v / 16
			out[id] = v % 16
		}
		return out
	}
	for word, want := range map[string]int{"brief": 8, "chips": 8, "amazon": 4, "web": 4, "computing": 2, "prices": KeyPoint, "sharply": KeyPoint} {
		got := decode(word)
		if len(got) != 230 {
			t.Errorf("%q is in %d briefs, want 230", word, len(got))
		}
		for id, fields := range got {
			if fields != want {
				t.Errorf("%q in brief %d: fields %b, want %b", word, id, fields, want)
				break
			}
		}
	}
	if got := decode("aws"); len(got) != 0 {
		t.Errorf("the alias AWS is indexed; the canonical name is what briefs show")
	}
	// Q1 to Q4 are each in a quarter of the briefs, and the posting of
	// brief i leads to brief i.
	q3 := decode("q3")
	if len(q3) < 57 || len(q3) > 58 {
		t.Errorf("q3 is in %d briefs", len(q3))
	}
	for id := range q3 {
		if !strings.Contains(strings.Join(s.Briefs[id].KeyPoints, " "), "Q3") {
			t.Errorf("q3 leads to brief %d, whose key points are %q", id, s.Briefs[id].KeyPoints)
		}
	}

	var chunk [][]json.RawMessage
	if err := json.Unmarshal(data["d4"], &chunk); err != nil || len(chunk) != 30 {
		t.Fatalf("d4 has %d briefs, want 30: %v", len(chunk), err)
	}
	var doc struct {
		path, title, date string
		companies, topics []string
		points            []string
	}
	for i, dst := range []any{&doc.path, &doc.title, &doc.date, &doc.companies, &doc.topics, &doc.points} {
		if err := json.Unmarshal(chunk[29][i], dst); err != nil {
			t.Fatal(err)
		}
	}
	oldest := s.Briefs[229]
	if doc.path != strings.TrimPrefix(oldest.URL, "/") || doc.title != oldest.Title || doc.date != "2026-01-01" ||
		!reflect.DeepEqual(doc.companies, []string{"Amazon Web Services"}) || !reflect.DeepEqual(doc.topics, []string{"Cloud computing"}) ||
		!reflect.DeepEqual(doc.points, oldest.KeyPoints) {
		t.Errorf("last brief of d4 = %+v, want the oldest brief %s", doc, oldest.URL)
	}
}

func TestKey(t *testing.T) {
	a := &model.Page{URL: "/briefs/a/", Title: "A", KeyPoints: []string{"One"}}
	b := &model.Page{URL: "/briefs/b/", Title: "B"}
	k := Key(nil, []*model.Page{a, b})
	if k == 0 || k != Key(nil, []*model.Page{a, b}) {
		t.Fatalf("key %x is 0 or not stable", k)
	}
	a.KeyPoints = []string{"Two"}
	if Key(nil, []*model.Page{a, b}) == k {
		t.Error("changing a key point keeps the key")
	}
	if Key(nil, []*model.Page{b, a}) == Key(nil, []*model.Page{a, b}) {
		t.Error("reordering briefs keeps the key")
	}
}

// TestNewFields gives each indexed taxonomy a bit between the title's and
// the key points', in the site's order, and leaves out those with search
// off; the default taxonomies keep the bits the index always had.
func TestNewFields(t *testing.T) {
	tax := func(name string, search bool) *model.Taxonomy {
		return &model.Taxonomy{Name: name, Config: &config.Taxonomy{Name: name, Search: &search}}
	}
	tests := []struct {
		name       string
		taxonomies []*model.Taxonomy
		want       []Field
		base       int
	}{
		{"defaults", []*model.Taxonomy{tax("companies", true), tax("topics", true)},
			[]Field{{"title", 8, 16}, {"companies", 4, 8}, {"topics", 2, 4}, {"key_points", 1, 1}}, 16},
		{"people added", []*model.Taxonomy{tax("companies", true), tax("topics", true), tax("people", true)},
			[]Field{{"title", 16, 32}, {"companies", 8, 16}, {"topics", 4, 8}, {"people", 2, 4}, {"key_points", 1, 1}}, 32},
		{"search off", []*model.Taxonomy{tax("companies", true), tax("topics", false), tax("regions", true)},
			[]Field{{"title", 8, 16}, {"companies", 4, 8}, {"regions", 2, 4}, {"key_points", 1, 1}}, 16},
		{"none", nil, []Field{{"title", 2, 4}, {"key_points", 1, 1}}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFields(tt.taxonomies)
			if !reflect.DeepEqual(f.List, tt.want) || f.Base != tt.base {
				t.Errorf("NewFields = %v, base %d; want %v, base %d", f.List, f.Base, tt.want, tt.base)
			}
		})
	}
}

// TestShardScript checks that a word shard written without reflection is
// what script, through encoding/json, writes.
func TestShardScript(t *testing.T) {
	for _, shard := range []map[string][]int{
		{},
		{"aws": {17, 32}, "日本電信": {8}, "zurich": {1, 2, 3}, "societe": {4}},
	} {
		want, err := script("w3", shard)
		if err != nil {
			t.Fatal(err)
		}
		if got := shardScript("w3", shard); string(got) != string(want) {
			t.Errorf("shardScript = %s, want %s", got, want)
		}
	}
}

// TestMemoEqualsFiles makes the index of a site again and again through a
// Memo while a few briefs' titles and key points change between calls (or
// many, or none), and checks that every call gives, byte for byte, the
// files a fresh Files makes.
func TestMemoEqualsFiles(t *testing.T) {
	files := map[string]string{}
	// Eleven word shards, 52 chunks; words of one brief each, so that a
	// word leaving a brief is often the only change to its shard.
	for i := range 2600 {
		date := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		files[fmt.Sprintf("content/briefs/b%04d.md", i)] = fmt.Sprintf("---\ntitle: T%d\ndate: %s\ncompanies: [C%d]\nkey_points: [\"P%d\"]\n---\nBody.\n", i, date, i%7, i)
	}
	s, _ := modeltest.Model(t, files, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	words := []string{"zeta", "alpha", "Société", "mémoire", "q9", "chips", "x", "nuage", "日本", "delta"}
	rng := rand.New(rand.NewPCG(1, 2))
	memo := NewMemo()
	for round := range 40 {
		n := rng.IntN(4) // 0 to 3 briefs changed
		if round%10 == 9 {
			n = len(s.Briefs) / 2 // many: the memo makes every file
		}
		for range n {
			p := s.Briefs[rng.IntN(len(s.Briefs))]
			w := words[rng.IntN(len(words))]
			// Words are added and taken away: a word that leaves a brief
			// changes its shard as much as one that comes.
			if rng.IntN(2) == 0 {
				p.Title = w
			} else {
				p.KeyPoints = []string{w + " " + words[rng.IntN(len(words))]}
			}
		}
		got, err := memo.Files(s.Taxonomies, s.Briefs)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Files(s.Taxonomies, s.Briefs)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d files, want %d", round, len(got), len(want))
		}
		for i := range want {
			if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
				t.Fatalf("round %d (%d briefs changed): %s differs from a fresh index", round, n, want[i].Path)
			}
		}
	}
}

// TestEntryKeysApart checks that briefs whose fields would run together
// (a title holding a NUL and a date, against a title, another date and a
// company of that date) have different entry keys.
func TestEntryKeysApart(t *testing.T) {
	f := NewFields([]*model.Taxonomy{{Name: "companies"}, {Name: "topics"}})
	day := func(d int) time.Time { return time.Date(2026, 1, d, 9, 0, 0, 0, time.UTC) }
	a := &model.Page{URL: "/briefs/x/", Title: "X\x002026-01-01", Date: day(2)}
	b := &model.Page{URL: "/briefs/x/", Title: "X", Date: day(1), Terms: map[string][]*model.Term{"companies": {{Name: "2026-01-02"}}}}
	c := &model.Page{URL: "/briefs/x/", Title: "X", Date: day(1), KeyPoints: []string{"2026-01-02"}}
	if keyOf(f, a) == keyOf(f, b) || keyOf(f, b) == keyOf(f, c) || keyOf(f, a) == keyOf(f, c) {
		t.Fatal("two different briefs have the same entry key")
	}
	// The index's key, which lets the preview keep its files, tells them
	// apart too.
	taxonomies := []*model.Taxonomy{{Name: "companies"}, {Name: "topics"}}
	if Key(taxonomies, []*model.Page{a}) == Key(taxonomies, []*model.Page{b}) {
		t.Fatal("two different indexes have the same key")
	}
	if keyOf(f, b) != keyOf(f, &model.Page{URL: "/briefs/x/", Title: "X", Date: day(1), Terms: map[string][]*model.Term{"companies": {{Name: "2026-01-02"}}}}) {
		t.Fatal("the same brief has two keys")
	}
}
