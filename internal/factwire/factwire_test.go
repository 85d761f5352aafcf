package factwire

import (
	"errors"
	"reflect"
	"testing"
)

// TestRoundTrip reads back what was written: a string met again is written
// as its number, an empty list is read as nil.
func TestRoundTrip(t *testing.T) {
	var e Encoder
	e.Uint(300)
	e.Strings([]string{"net.Dial", "(*net.Dialer).DialContext", "net.Dial"})
	e.String("(*net.Dialer).DialContext")
	e.Strings(nil)
	e.String("")
	data := e.Bytes()

	// Each string in full once: 8 and 25 bytes, with a marker and a length
	// each; then 300 (2 bytes), the lengths and numbers (6 bytes).
	if want := 2 + 1 + (2 + 8) + (2 + 25) + 1 + 1 + 1 + 2; len(data) != want {
		t.Errorf("%d bytes written, want %d: each string in full once", len(data), want)
	}

	d := NewDecoder(data)
	if n := d.Uint(); n != 300 {
		t.Errorf("Uint = %d, want 300", n)
	}
	if got, want := d.Strings(), []string{"net.Dial", "(*net.Dialer).DialContext", "net.Dial"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Strings = %q, want %q", got, want)
	}
	if s := d.String(); s != "(*net.Dialer).DialContext" {
		t.Errorf("String = %q", s)
	}
	if list := d.Strings(); list != nil {
		t.Errorf("empty Strings = %#v, want nil", list)
	}
	if s := d.String(); s != "" {
		t.Errorf("empty String = %q", s)
	}
	if err := d.Err(); err != nil {
		t.Errorf("Err = %v", err)
	}
}

// TestCorrupt checks that a truncated fact, a string number never written,
// a length beyond the data and bytes left over are errors, not panics.
func TestCorrupt(t *testing.T) {
	var e Encoder
	e.Strings([]string{"os.ReadFile", "os.ReadFile"})
	good := e.Bytes()
	for name, data := range map[string][]byte{
		"truncated":      good[:len(good)-3],
		"unknown number": {1, 5},
		"long length":    {1, 0, 200, 'a'},
		"huge list":      {0xff, 0xff, 0xff, 0xff, 0x0f},
		"left over":      append(append([]byte(nil), good...), 7),
		"bad varint":     {0x80, 0x80},
	} {
		d := NewDecoder(data)
		d.Strings()
		if err := d.Err(); !errors.Is(err, errCorrupt) {
			t.Errorf("%s: Err = %v, want %v", name, err, errCorrupt)
		}
	}
}
