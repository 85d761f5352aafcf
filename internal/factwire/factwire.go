// Package factwire is the compact encoding of the facts that go vet copies
// most: unsigned varints and strings, each string written once per fact and
// then referred to by its number.
//
// unitchecker encodes facts with encoding/gob, which walks a value's type
// by reflection, field by field, and writes every string in full. The
// facts of blocking chains repeat the same function names from method to
// method (the String methods of generated protocol buffer types share
// their four chains), and decoding them was 5% of the CPU of a run over
// caddy. A fact type that implements gob.GobEncoder and gob.GobDecoder
// with an Encoder and a Decoder is written by gob as one byte string.
package factwire

import (
	"encoding/binary"
	"errors"
)

// Encoder appends values to a byte string.
type Encoder struct {
	buf     []byte
	strings map[string]uint64 // the number of each string written, from 1
}

// Uint writes n.
func (e *Encoder) Uint(n uint64) { e.buf = binary.AppendUvarint(e.buf, n) }

// Len writes a length.
func (e *Encoder) Len(n int) { e.Uint(uint64(n)) }

// String writes s: its number when it was written before, else 0, its
// length and its bytes.
func (e *Encoder) String(s string) {
	if n, ok := e.strings[s]; ok {
		e.Uint(n)
		return
	}
	if e.strings == nil {
		e.strings = map[string]uint64{}
	}
	e.strings[s] = uint64(len(e.strings) + 1)
	e.Uint(0)
	e.Len(len(s))
	e.buf = append(e.buf, s...)
}

// Strings writes the length of list and its strings.
func (e *Encoder) Strings(list []string) {
	e.Len(len(list))
	for _, s := range list {
		e.String(s)
	}
}

// Bytes returns what was written.
func (e *Encoder) Bytes() []byte { return e.buf }

// Decoder reads the values an Encoder wrote, in the same order. After the
// first error, every read returns a zero value and Err reports the error.
type Decoder struct {
	data    []byte
	strings []string
	err     error
}

// NewDecoder returns a Decoder of data.
func NewDecoder(data []byte) *Decoder { return &Decoder{data: data} }

var errCorrupt = errors.New("factwire: corrupt fact")

// Uint reads an unsigned varint.
func (d *Decoder) Uint() uint64 {
	if d.err != nil {
		return 0
	}
	n, size := binary.Uvarint(d.data)
	if size <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.data = d.data[size:]
	return n
}

// Len reads a length. Every element takes a byte at least, so a length
// beyond the bytes left is corrupt, and no slice made from it is larger
// than the data.
func (d *Decoder) Len() int {
	n := d.Uint()
	if n > uint64(len(d.data)) {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

// String reads a string.
func (d *Decoder) String() string {
	n := d.Uint()
	if d.err != nil {
		return ""
	}
	if n > 0 {
		if n > uint64(len(d.strings)) {
			d.err = errCorrupt
			return ""
		}
		return d.strings[n-1]
	}
	size := d.Len()
	if d.err != nil {
		return ""
	}
	s := string(d.data[:size])
	d.data = d.data[size:]
	d.strings = append(d.strings, s)
	return s
}

// Strings reads a list of strings; nil when it is empty.
func (d *Decoder) Strings() []string {
	n := d.Len()
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = d.String()
	}
	return list
}

// Err reports the first error, or bytes left unread, which a fact of
// another version of the encoding would leave.
func (d *Decoder) Err() error {
	if d.err == nil && len(d.data) > 0 {
		return errCorrupt
	}
	return d.err
}
