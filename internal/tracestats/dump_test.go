package tracestats

import (
	"encoding/json"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	r, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Read(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(st, "", " ")
	os.Stdout.Write(b)
}
