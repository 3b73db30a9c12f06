package sync

import (
	"os"
	"path/filepath"
	"testing"
)

// The sync readers face files and rows anyone with the folder or the
// server's password can write: whatever the bytes, they return changes
// that passed data.CheckSyncChange or a reason, never panic, and never
// return both. The seeds are in testdata/fuzz (make fuzz runs them longer).

const fuzzDev = "00000000000000aa"

func fuzzSeeds(f *testing.F) {
	change := `{"e":"customer","id":"01J0000000000000000000000A","s":"0190000000000000.` + fuzzDev + `","f":{"name":{"v":"甲公司"},"_exists":{"v":true}}}`
	sale := `{"e":"sale","id":"01J0000000000000000000000B","s":"0190000000000001.` + fuzzDev + `","f":{"date":{"v":"0000-01-01"},"amount":{"v":46116860184273878000},"_exists":{"v":"garbage"}}}`
	for _, s := range []string{change, sale, change + "\n" + sale, "", "\n\n\n", "{}", `{"e":"customer","id":"a\u0000b"}`} {
		f.Add([]byte(s))
	}
}

func FuzzSyncFile(f *testing.F) {
	fuzzSeeds(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body []byte) {
		head := []byte(`{"kehu_sync":1,"device":"` + fuzzDev + `","from":"0","to":"0"}` + "\n")
		// Half the inputs get a valid header and trailer around them, so
		// the fuzzer reaches the changes; the others are taken raw.
		whole := body
		if len(body)%2 == 0 {
			whole = append(append(head, body...), '\n')
			whole = append(whole, Trailer(whole, len(splitLines(body)))...)
		}
		p := filepath.Join(dir, "f.jsonl")
		if err := os.WriteFile(p, whole, 0o600); err != nil {
			t.Fatal(err)
		}
		changes, reason, _ := readSyncFile(p, fuzzDev, nil)
		if reason != "" && changes != nil {
			t.Fatalf("both changes and %q", reason)
		}
	})
}

func FuzzServerRow(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		changes, reason, _ := decodeRow(fuzzDev, body, len(splitLines(body)), nil, []byte("aad"))
		if reason != "" && changes != nil {
			t.Fatalf("both changes and %q", reason)
		}
		if reason == "" && len(changes) != len(splitLines(body)) {
			t.Fatalf("%d changes from %d lines", len(changes), len(splitLines(body)))
		}
	})
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range b {
		if c == '\n' {
			out = append(out, b[start:i])
			start = i + 1
		}
	}
	return append(out, b[start:])
}
