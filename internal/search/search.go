// Package search makes the index that the default theme's search page
// (/search/) queries in the browser, with no server: the words of every
// brief's title, key points and the names of its terms in each taxonomy
// that search indexes, and what a result shows.
//
// The index is split so that a query downloads only part of it. It is a set
// of script files in /search/, each of which hands its data to the page
// with genSearch.load(name, data); scripts, unlike fetch, also load from a
// site opened from disk.
//
//   - meta.js: the number of word shards and documents, the size of a
//     document chunk, the words left out of the index, and the fields a
//     word can be in, each with its bit and the weight of a match in it
//     (see Fields); the search script reads them from there.
//   - wN.js: the words whose first two letters hash to shard N, each with
//     its postings: for every brief that has the word, the difference of
//     its number from the previous posting's times Fields.Base, plus the
//     bits of the fields the word is in. With the default taxonomies the
//     bits are title 8, companies 4, topics 2, key points 1, and Base 16.
//   - dN.js: briefs N×ChunkSize to (N+1)×ChunkSize-1, newest first, each as
//     [path, title, date, the terms of each indexed taxonomy (one list
//     each), key points], the path relative to the site root
//     ("briefs/aws-cuts-jobs/").
//
// Words are runs of letters and digits, lower-cased and without accents,
// of 2 to MaxWord letters, not in StopWords; the browser splits a query the
// same way.
package search

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/gen-briefs/gen/internal/model"
)

// Dir is the output folder of the index, beside the search page.
const Dir = "search/"

// ChunkSize is the number of briefs in one document file.
const ChunkSize = 50

// BriefsPerShard sets the number of word shards: one per this many briefs.
const BriefsPerShard = 250

// MaxWord is the longest word indexed, in letters.
const MaxWord = 32

// KeyPoint is the posting bit of the key points; the indexed taxonomies
// have the next bits, the last taxonomy the lowest, and the title the
// highest (see NewFields).
const KeyPoint = 1

// Field is one field a word can be in.
type Field struct {
	// Name is "title", "key_points" or a taxonomy's name.
	Name string `json:"name"`
	// Bit is the field's bit in a posting.
	Bit int `json:"bit"`
	// Weight is what a match in the field scores; a word in several
	// fields scores its highest field's.
	Weight int `json:"weight"`
}

// Fields are the fields of an index, from the highest bit to the lowest,
// and the taxonomies whose terms it holds.
type Fields struct {
	List []Field
	// Base is what a posting's brief number is multiplied by, one more
	// than all bits together.
	Base int
	// Taxonomies are the indexed taxonomies, in the site's order.
	Taxonomies []*model.Taxonomy
}

// NewFields gives the title the highest bit, then each taxonomy that
// search indexes, in the site's order, and the key points bit 1. A match
// weighs twice its bit, and 1 in the key points: title 16, companies 8,
// topics 4, key points 1 with the default taxonomies.
func NewFields(taxonomies []*model.Taxonomy) Fields {
	var f Fields
	for _, tax := range taxonomies {
		if tax.Config == nil || tax.Config.SearchOn() {
			f.Taxonomies = append(f.Taxonomies, tax)
		}
	}
	bit := KeyPoint << (len(f.Taxonomies) + 1)
	f.Base = bit * 2
	f.List = append(f.List, Field{Name: "title", Bit: bit, Weight: 2 * bit})
	for _, tax := range f.Taxonomies {
		bit >>= 1
		f.List = append(f.List, Field{Name: tax.Name, Bit: bit, Weight: 2 * bit})
	}
	f.List = append(f.List, Field{Name: "key_points", Bit: KeyPoint, Weight: 1})
	return f
}

// Title is the title's bit.
func (f Fields) Title() int { return f.List[0].Bit }

// Bit returns the bit of the field called name, or 0.
func (f Fields) Bit(name string) int {
	for _, x := range f.List {
		if x.Name == name {
			return x.Bit
		}
	}
	return 0
}

// StopWords are left out of the index and of queries.
var StopWords = []string{"an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "will", "with"}

// File is one file of the index, its path relative to the output root.
type File struct {
	Path string
	Data []byte
}

// Paths lists the files the index of a site with n briefs has, in the
// order Files returns them, without making the index.
func Paths(n int) []string {
	paths := []string{Dir + "meta.js"}
	for i := range Shards(n) {
		paths = append(paths, fmt.Sprintf("%sw%d.js", Dir, i))
	}
	for i := range (n + ChunkSize - 1) / ChunkSize {
		paths = append(paths, fmt.Sprintf("%sd%d.js", Dir, i))
	}
	return paths
}

// Shards is the number of word shards for n briefs.
func Shards(n int) int { return max(1, (n+BriefsPerShard-1)/BriefsPerShard) }

// Files makes the index of briefs (newest first), in the order of Paths,
// with the names of the terms of those of the site's taxonomies that
// search indexes.
func Files(taxonomies []*model.Taxonomy, briefs []*model.Page) ([]File, error) {
	return (*Memo)(nil).Files(taxonomies, briefs)
}

// Memo keeps what Files made of each brief (its words, its document), so
// that making the index again after a few briefs changed, as the preview
// does on every edit, works only on those. A nil Memo keeps nothing. Its
// Files calls run one at a time.
type Memo struct {
	mu     sync.Mutex
	fields string
	briefs map[entryKey]*entry
	// last and lastFiles are the entries and files of the last Files: a
	// Files whose briefs are the same in number, of which only a few
	// changed, makes again only the files that hold them.
	last      []*entry
	lastFiles []File
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{} }

// entry is what the index holds of one brief: each of its words once, in
// order, with the bits of the fields it is in, and its document as JSON.
type entry struct {
	words []wordBit
	doc   []byte
	// shards holds the shard of each word for an index of shardsOf
	// shards, once shardFiles has needed them.
	shards   []int32
	shardsOf int
}

// shardsFor returns the shard of each of e's words in an index of n
// shards.
func (e *entry) shardsFor(n int) []int32 {
	if e.shardsOf != n || e.shards == nil {
		e.shards, e.shardsOf = make([]int32, len(e.words)), n
		for k, wb := range e.words {
			e.shards[k] = int32(Shard(wb.word, n))
		}
	}
	return e.shards
}

// Files is Files, taking from the memo the entries of briefs it made
// before, and keeping those of briefs for the next call.
func (m *Memo) Files(taxonomies []*model.Taxonomy, briefs []*model.Page) ([]File, error) {
	f := NewFields(taxonomies)
	var kept, next map[entryKey]*entry
	if m != nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		fields := fieldsKey(f)
		if m.fields != fields {
			m.fields, m.briefs, m.last, m.lastFiles = fields, nil, nil, nil
		}
		kept, next = m.briefs, make(map[entryKey]*entry, len(briefs))
		m.briefs = next
	}
	entries := make([]*entry, len(briefs))
	for id, p := range briefs {
		var key entryKey
		if m != nil {
			key = keyOf(f, p)
			if e, ok := kept[key]; ok {
				entries[id], next[key] = e, e
				continue
			}
		}
		e, err := newEntry(f, p)
		if err != nil {
			return nil, err
		}
		entries[id] = e
		if m != nil {
			next[key] = e
		}
	}

	if m != nil {
		if files, ok := m.patch(f, entries); ok {
			m.last, m.lastFiles = entries, files
			return slices.Clone(files), nil
		}
	}
	shards := Shards(len(briefs))
	all := make([]int, shards)
	for i := range all {
		all[i] = i
	}
	meta := map[string]any{"shards": shards, "docs": len(briefs), "chunk": ChunkSize, "stop": StopWords, "maxWord": MaxWord, "fields": f.List, "base": f.Base}
	js, err := script("meta", meta)
	if err != nil {
		return nil, err
	}
	files := []File{{Path: Dir + "meta.js", Data: js}}
	files = append(files, shardFiles(f, entries, all)...)
	for start := 0; start < len(entries); start += ChunkSize {
		files = append(files, chunkFile(entries, start/ChunkSize))
	}
	if m != nil {
		m.last, m.lastFiles = entries, files
		files = slices.Clone(files)
	}
	return files, nil
}

// patch makes the files of entries from the last Files' when they are
// as many and only a few changed: the word shards that hold a word of
// one of those briefs, before or after, and the chunks that hold them.
// It returns false when a full Files is the better way.
func (m *Memo) patch(f Fields, entries []*entry) ([]File, bool) {
	if len(m.last) != len(entries) || m.lastFiles == nil {
		return nil, false
	}
	var changed []int
	for id, e := range entries {
		if e != m.last[id] {
			changed = append(changed, id)
		}
	}
	if len(changed) > len(entries)/8+1 {
		return nil, false
	}
	files := slices.Clone(m.lastFiles)
	shards := Shards(len(entries))
	hit := map[int]bool{}
	chunks := map[int]bool{}
	for _, id := range changed {
		for _, e := range []*entry{m.last[id], entries[id]} {
			for _, sh := range e.shardsFor(shards) {
				hit[int(sh)] = true
			}
		}
		chunks[id/ChunkSize] = true
	}
	which := slices.Sorted(maps.Keys(hit))
	for k, file := range shardFiles(f, entries, which) {
		files[1+which[k]] = file
	}
	for c := range chunks {
		files[1+shards+c] = chunkFile(entries, c)
	}
	return files, true
}

// shardFiles makes the word shards numbered which (in order) of the index
// of entries.
func shardFiles(f Fields, entries []*entry, which []int) []File {
	shards := Shards(len(entries))
	words := make(map[int]map[string][]int, len(which))
	for _, i := range which {
		words[i] = map[string][]int{}
	}
	last := map[string]int{} // each word's last brief, for the deltas
	for id, e := range entries {
		for k, sh := range e.shardsFor(shards) {
			shard, ok := words[int(sh)]
			if !ok {
				continue
			}
			wb := e.words[k]
			prev := last[wb.word] // 0 for a word's first brief
			last[wb.word] = id
			shard[wb.word] = append(shard[wb.word], (id-prev)*f.Base+wb.bit)
		}
	}
	files := make([]File, len(which))
	for k, i := range which {
		files[k] = File{Path: fmt.Sprintf("%sw%d.js", Dir, i), Data: shardScript(fmt.Sprintf("w%d", i), words[i])}
	}
	return files
}

// chunkFile makes document chunk c of the index of entries: the JSON list
// of its documents, as json.Marshal writes a list.
func chunkFile(entries []*entry, c int) File {
	name := fmt.Sprintf("d%d", c)
	out := fmt.Appendf(nil, "genSearch.load(%q,[", name)
	for k, e := range entries[c*ChunkSize : min((c+1)*ChunkSize, len(entries))] {
		if k > 0 {
			out = append(out, ',')
		}
		out = append(out, e.doc...)
	}
	return File{Path: Dir + name + ".js", Data: append(out, "]);\n"...)}
}

// entryKey hashes everything a brief's entry is made of, with two seeds:
// 128 bits, so that two different entries never meet.
type entryKey [2]uint64

// entrySeeds seed the keys of one process; they are only compared within
// it.
var entrySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// keyOf returns the key of the entry of the brief p: every string with
// its length first, so that no two lists of fields hash alike.
func keyOf(f Fields, p *model.Page) entryKey {
	b := make([]byte, 0, 256)
	w := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	w(p.URL)
	w(p.Title)
	w(p.Date.Format("2006-01-02"))
	for _, tax := range f.Taxonomies {
		terms := p.Terms[tax.Name]
		b = binary.AppendUvarint(b, uint64(len(terms)))
		for _, t := range terms {
			w(t.Name)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.KeyPoints)))
	for _, k := range p.KeyPoints {
		w(k)
	}
	return entryKey{maphash.Bytes(entrySeeds[0], b), maphash.Bytes(entrySeeds[1], b)}
}

// fieldsKey is what of the fields an entry depends on: their names, bits
// and weights, and the base.
func fieldsKey(f Fields) string { return fmt.Sprint(f.List, f.Base) }

// newEntry makes the entry of the brief p.
func newEntry(f Fields, p *model.Page) (*entry, error) {
	var fields []wordBit
	add := func(text string, bit int) {
		for _, w := range Words(text) {
			fields = append(fields, wordBit{w, bit})
		}
	}
	add(p.Title, f.Title())
	doc := []any{strings.TrimPrefix(p.URL, "/"), p.Title, p.Date.Format("2006-01-02")}
	for _, tax := range f.Taxonomies {
		bit := f.Bit(tax.Name)
		for _, t := range p.Terms[tax.Name] {
			add(t.Name, bit)
		}
		doc = append(doc, termNames(p.Terms[tax.Name]))
	}
	for _, k := range p.KeyPoints {
		add(k, KeyPoint)
	}
	// Each word once, in order, with the bits of all its fields.
	slices.SortFunc(fields, func(a, b wordBit) int { return strings.Compare(a.word, b.word) })
	e := &entry{}
	for k := 0; k < len(fields); {
		wb := wordBit{word: fields[k].word}
		for ; k < len(fields) && fields[k].word == wb.word; k++ {
			wb.bit |= fields[k].bit
		}
		e.words = append(e.words, wb)
	}
	var err error
	e.doc, err = json.Marshal(append(doc, nonNil(p.KeyPoints)))
	return e, err
}

// wordBit is a word of a brief and the bit of the field it is in.
type wordBit struct {
	word string
	bit  int
}

// shardScript is script of a word shard, written without reflection: as
// json.Marshal writes it (keys in order), since a word, only letters and
// digits, needs no escaping.
func shardScript(name string, shard map[string][]int) []byte {
	out := fmt.Appendf(nil, "genSearch.load(%q,{", name)
	for k, w := range slices.Sorted(maps.Keys(shard)) {
		if k > 0 {
			out = append(out, ',')
		}
		out = append(append(append(out, '"'), w...), `":[`...)
		for j, n := range shard[w] {
			if j > 0 {
				out = append(out, ',')
			}
			out = strconv.AppendInt(out, int64(n), 10)
		}
		out = append(out, ']')
	}
	return append(out, "});\n"...)
}

// script wraps data as a call of genSearch.load. json.Marshal escapes <,
// > and & and the line separators, so the data cannot end the script.
func script(name string, data any) ([]byte, error) {
	js, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(js)+40)
	out = fmt.Appendf(out, "genSearch.load(%q,", name)
	out = append(out, js...)
	return append(out, ");\n"...), nil
}

// Words splits text into the words the index holds, in order, repeats
// included.
func Words(text string) []string {
	if isASCII(text) {
		return asciiWords(text)
	}
	return foldedWords(text)
}

// foldedWords is Words of any text.
func foldedWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if n := utf8.RuneCountInString(w); n < 2 || n > MaxWord || stopWord[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// asciiWords is Words of ASCII text, which folds to its lower case and
// whose letters and digits are a-z and 0-9: most text, split in one pass.
func asciiWords(text string) []string {
	var out []string
	for i := 0; i < len(text); {
		if !asciiAlnum(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && asciiAlnum(text[j]) {
			j++
		}
		if n := j - i; n >= 2 && n <= MaxWord {
			if w := strings.ToLower(text[i:j]); !stopWord[w] {
				out = append(out, w)
			}
		}
		i = j
	}
	return out
}

func asciiAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stopWord holds StopWords.
var stopWord = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range StopWords {
		m[w] = true
	}
	return m
}()

// fold lower-cases text and takes the accents off its letters, so that
// "Nestle" finds "Nestlé": the canonical decomposition (NFD) without its
// combining marks. The search script folds queries the same way.
func fold(text string) string {
	d := norm.NFD.String(strings.ToLower(text))
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
}

// Shard returns the shard of a word: a hash of the UTF-8 bytes of its
// first two letters. The search script computes the same.
func Shard(word string, shards int) int {
	var h uint32
	n := 0
	for i := 0; i < len(word) && n < 2; {
		_, size := utf8.DecodeRuneInString(word[i:])
		for _, b := range []byte(word[i : i+size]) {
			h = h*31 + uint32(b)
		}
		i += size
		n++
	}
	return int(h % uint32(shards))
}

func termNames(terms []*model.Term) []string {
	names := make([]string, len(terms))
	for i, t := range terms {
		names[i] = t.Name
	}
	return names
}

// nonNil makes a nil list an empty one, which JSON writes as [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Key hashes everything the index of briefs is made of, so that a preview
// can keep the files while it does not change: the fields, and each
// brief's entry key, in order. It is never 0.
func Key(taxonomies []*model.Taxonomy, briefs []*model.Page) uint64 {
	f := NewFields(taxonomies)
	var h maphash.Hash
	h.SetSeed(entrySeeds[0])
	h.WriteString(fieldsKey(f))
	var buf [16]byte
	for _, p := range briefs {
		key := keyOf(f, p)
		binary.LittleEndian.PutUint64(buf[:8], key[0])
		binary.LittleEndian.PutUint64(buf[8:], key[1])
		h.Write(buf[:])
	}
	return h.Sum64() | 1
}
