// Package wire is the small binary encoding of gen's caches: numbers as
// varints, strings and byte slices with their lengths first. It is much
// faster to write and read than gob for the long lists a cache holds, and
// a Reader never panics on damaged data: it fails.
package wire

import (
	"encoding/binary"
	"errors"
	"math"
)

// ErrDamaged is data a Reader cannot read as what it was asked for.
var ErrDamaged = errors.New("damaged")

// Writer appends values to a byte slice.
type Writer struct {
	B []byte
}

// Byte appends c.
func (w *Writer) Byte(c byte) { w.B = append(w.B, c) }

// Int appends a signed number.
func (w *Writer) Int(n int64) { w.B = binary.AppendVarint(w.B, n) }

// Uint appends an unsigned number.
func (w *Writer) Uint(n uint64) { w.B = binary.AppendUvarint(w.B, n) }

// Fixed64 appends a number in eight bytes: for hashes, whose varints would
// be longer.
func (w *Writer) Fixed64(n uint64) { w.B = binary.LittleEndian.AppendUint64(w.B, n) }

// Float appends a float64.
func (w *Writer) Float(f float64) { w.Fixed64(math.Float64bits(f)) }

// String appends s.
func (w *Writer) String(s string) {
	w.Uint(uint64(len(s)))
	w.B = append(w.B, s...)
}

// Bytes appends b.
func (w *Writer) Bytes(b []byte) {
	w.Uint(uint64(len(b)))
	w.B = append(w.B, b...)
}

// Reader reads what a Writer wrote, in the same order. The first fault is
// kept in Err; every read after it returns zero values.
type Reader struct {
	data []byte
	Err  error
}

// NewReader reads data.
func NewReader(data []byte) *Reader { return &Reader{data: data} }

// Fail marks the data as damaged: a value read is not one it can be.
func (r *Reader) Fail() {
	if r.Err == nil {
		r.Err = ErrDamaged
	}
	r.data = nil
}

// Done reports whether every byte was read, without a fault.
func (r *Reader) Done() bool { return r.Err == nil && len(r.data) == 0 }

// Byte reads a byte.
func (r *Reader) Byte() byte {
	if len(r.data) == 0 {
		r.Fail()
		return 0
	}
	c := r.data[0]
	r.data = r.data[1:]
	return c
}

// Int reads a signed number.
func (r *Reader) Int() int64 {
	v, n := binary.Varint(r.data)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.data = r.data[n:]
	return v
}

// Uint reads an unsigned number.
func (r *Reader) Uint() uint64 {
	v, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.data = r.data[n:]
	return v
}

// Len reads a count of things each written in at least one byte: one
// larger than the bytes left is damage, so that a damaged count never
// makes a huge allocation.
func (r *Reader) Len() int {
	n := r.Uint()
	if n > uint64(len(r.data)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// Fixed64 reads a number written by Writer.Fixed64.
func (r *Reader) Fixed64() uint64 {
	if len(r.data) < 8 {
		r.Fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.data)
	r.data = r.data[8:]
	return v
}

// Float reads a float64.
func (r *Reader) Float() float64 { return math.Float64frombits(r.Fixed64()) }

// String reads a string.
func (r *Reader) String() string { return string(r.Bytes()) }

// Bytes reads a byte slice, which shares the Reader's data.
func (r *Reader) Bytes() []byte {
	n := r.Len()
	b := r.data[:n:n]
	r.data = r.data[n:]
	return b
}
