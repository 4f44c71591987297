package wire

import (
	"bytes"
	"math"
	"testing"
)

// TestRoundTrip writes values of every kind and reads them back, and
// checks that every cut-short copy fails instead of reading wrong values.
func TestRoundTrip(t *testing.T) {
	w := &Writer{}
	w.Byte(7)
	w.Int(math.MinInt64)
	w.Int(-1)
	w.Uint(math.MaxUint64)
	w.Fixed64(0xdeadbeef)
	w.Float(-2.5)
	w.String("héllo")
	w.Bytes([]byte{0, 1, 2})
	w.String("")
	read := func(data []byte) (*Reader, bool) {
		r := NewReader(data)
		ok := r.Byte() == 7 && r.Int() == math.MinInt64 && r.Int() == -1 && r.Uint() == math.MaxUint64 &&
			r.Fixed64() == 0xdeadbeef && r.Float() == -2.5 && r.String() == "héllo" &&
			bytes.Equal(r.Bytes(), []byte{0, 1, 2}) && r.String() == ""
		return r, ok
	}
	if r, ok := read(w.B); !ok || !r.Done() {
		t.Fatalf("values read back differ (err %v)", r.Err)
	}
	for i := range w.B {
		if r, _ := read(w.B[:i]); r.Err == nil {
			t.Fatalf("data cut to %d of %d bytes read without an error", i, len(w.B))
		}
	}
	// A length longer than the data left is damage, not an allocation.
	big := &Writer{}
	big.Uint(1 << 40)
	if r := NewReader(big.B); r.Len() != 0 || r.Err == nil {
		t.Fatal("a huge length was accepted")
	}
}
