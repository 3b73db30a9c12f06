package app_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app"
)

// addComplaintWith adds a customer and a complaint with a photo of n
// random bytes; it returns the stored attachment name and the bytes.
func addComplaintWith(t *testing.T, s *app.Service, n int, seed uint64) (string, []byte) {
	t.Helper()
	cu := &app.Customer{Name: "宝岛眼镜公司", City: "上海"}
	_, err := s.AddCustomer(cu)
	must(t, err)
	photo := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range photo {
		photo[i] = byte(r.IntN(256))
	}
	p := filepath.Join(t.TempDir(), "破损照片.jpg")
	must(t, os.WriteFile(p, photo, 0o644))
	c := &app.Complaint{CustomerID: cu.ID, Category: "quality", Severity: "high", Text: "镜片破损", Attachments: []string{p}}
	must(t, s.AddComplaint(c, "王经理"))
	return c.Attachments[0], photo
}

// TestSyncAttachments: a complaint's photo reaches the other computer byte
// for byte; attachments too big for one file go in several; bytes that do
// not match their checksum are never written.
func TestSyncAttachments(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t), open(t)
	name, photo := addComplaintWith(t, a, 500<<10, 1)
	name2, photo2 := addComplaintWith(t, a, 400<<10, 2)
	defer app.SetSyncFileBytes(1 << 20)()
	res, err := a.Sync(dir)
	must(t, err)
	if len(res.Written) != 2 {
		t.Fatalf("two photos of 500 and 400 KB in %d files (cap 1 MB)", len(res.Written))
	}
	// Damage the second photo's bytes in a well-formed file: it is skipped
	// and nothing of it is written.
	second := filepath.Join(dir, res.Written[1])
	whole, err := os.ReadFile(second)
	must(t, err)
	bad := rewrap(t, bytes.SplitAfter(whole, []byte("\n")), func(ls [][]byte) {
		for i, l := range ls {
			if bytes.Contains(l, []byte(`"e":"attachment"`)) {
				j := bytes.Index(l, []byte(`"data":{"v":"`)) + 20
				ls[i][j] ^= 1 // another base64 letter
			}
		}
	})
	must(t, os.WriteFile(second, bad, 0o644))
	res, err = b.Sync(dir)
	must(t, err)
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Message(), "SHA-256") {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	if _, err := os.Stat(filepath.Join(b.AttachmentsDir(), name2)); err == nil {
		t.Fatal("a photo that failed its checksum was written")
	}
	must(t, os.WriteFile(second, whole, 0o644)) // the sync client brings it whole
	res, err = b.Sync(dir)
	must(t, err)
	if len(res.Skipped) != 0 {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	rows, _, err := b.Complaints(app.ComplaintFilter{})
	must(t, err)
	if len(rows) != 2 {
		t.Fatalf("b has %d complaints", len(rows))
	}
	for n, want := range map[string][]byte{name: photo, name2: photo2} {
		got, err := os.ReadFile(filepath.Join(b.AttachmentsDir(), n))
		must(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, want the %d sent", n, len(got), len(want))
		}
	}
	if fullExport(t, a) != fullExport(t, b) {
		t.Fatal("the stores differ")
	}
}
