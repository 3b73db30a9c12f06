package data

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf16"

	"github.com/kehu-crm/kehu/data/model"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// attachmentFixture is what a test puts in a folder: a customer, a complaint
// and its attachments (real files, written through WriteAttachment).
type attachmentFixture struct {
	files map[string][]byte // name as the complaint lists it → bytes
}

// addAttachments adds a customer and a complaint with three attachments:
// a photo of random bytes (seed printed), a text in Chinese, an empty file.
func addAttachments(t *testing.T, s *Store, seed uint64) attachmentFixture {
	t.Helper()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	photo := make([]byte, 300<<10+17) // several chunks and a part
	for i := range photo {
		photo[i] = byte(r.Uint32())
	}
	c := &model.Customer{Name: "宝岛眼镜公司", Tier: "A"}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	id := model.NewID()
	fx := attachmentFixture{files: map[string][]byte{
		id + "-破损镜片照片.jpg":   photo,
		id + "-投诉说明 签收单.txt": []byte("镜片破损，客户要求退换。Zyxwvut 签收单 №7"),
		id + "-empty.bin":    {},
	}}
	var names []string
	for n, b := range fx.files {
		if err := s.WriteAttachment(n, bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	slices.Sort(names)
	if err := s.AddComplaint(&model.Complaint{ID: id, CustomerID: c.ID, Channel: "phone", Category: "quality",
		Severity: "high", Text: "镜片破损", Attachments: names, Status: "new"}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// sameAttachments reads every attachment through OpenAttachment.
func sameAttachments(t *testing.T, s *Store, fx attachmentFixture) {
	t.Helper()
	for n, want := range fx.files {
		rc, err := s.OpenAttachment(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: %d bytes (%v), want %d, byte-identical", n, len(got), err, len(want))
		}
	}
	if p, err := s.CheckAttachments(); err != nil || len(p) != 0 {
		t.Fatalf("check: %v, %v", p, err)
	}
}

// TestAttachmentsBackupRestore: a backup holds the attachments; restored on
// another computer's fresh folder they come back byte-identical, plain and
// encrypted alike.
func TestAttachmentsBackupRestore(t *testing.T) {
	for _, pw := range []string{"", "客户 secret 9"} {
		t.Run("password="+pw, func(t *testing.T) {
			dir := t.TempDir()
			if pw != "" {
				dir = encryptedEmpty(t, pw)
			}
			s, err := Open(dir, Options{Password: pw})
			if err != nil {
				t.Fatal(err)
			}
			fx := addAttachments(t, s, 18)
			file := filepath.Join(t.TempDir(), "k.kehubak")
			m := writeBackup(t, s, file)
			s.Close()
			if m.Format != 2 || m.Attachments != len(fx.files) || m.AttachBytes == 0 {
				t.Fatalf("manifest %+v", m)
			}
			other := filepath.Join(t.TempDir(), "另一台电脑", "Kehu")
			if _, err := Restore(other, file, pw, false); err != nil {
				t.Fatal(err)
			}
			dst, err := Open(other, Options{Password: pw})
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			sameAttachments(t, dst, fx)
		})
	}
}

// encryptedEmpty is a new empty folder encrypted with pw, closed.
func encryptedEmpty(t *testing.T, pw string) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := Convert(dir, "", pw); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOldBackupRestores: a backup of format 1 (no attachments section)
// still restores.
func TestOldBackupRestores(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "宝岛眼镜公司")
	file := filepath.Join(t.TempDir(), "old.kehubak")
	writeBackup(t, src, file)
	rewriteManifest(t, file, func(m map[string]any) { m["format"] = 1 })
	dir := t.TempDir()
	if _, err := Restore(dir, file, "", false); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ids, _ := s.CustomersByName("宝岛眼镜公司"); len(ids) != 1 {
		t.Fatal("a format 1 backup did not restore")
	}
}

// TestCheckAttachments: check names a deleted and an altered attachment,
// in a plain and in an encrypted folder.
func TestCheckAttachments(t *testing.T) {
	for _, pw := range []string{"", "pw 改"} {
		t.Run("password="+pw, func(t *testing.T) {
			dir := t.TempDir()
			if pw != "" {
				dir = encryptedEmpty(t, pw)
			}
			s, err := Open(dir, Options{Password: pw})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			fx := addAttachments(t, s, 7)
			var gone, changed string
			for n := range fx.files {
				switch {
				case len(fx.files[n]) > 1000:
					changed = n
				case len(fx.files[n]) > 0:
					gone = n
				}
			}
			if err := os.Remove(s.attachFiles().path(gone)); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(s.attachFiles().path(changed), os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt([]byte{'X'}, 100<<10) // one byte, size kept
			f.Close()
			got, err := s.CheckAttachments()
			if err != nil {
				t.Fatal(err)
			}
			want := []model.AttachmentProblem{
				{Name: gone, Kind: model.AttachmentMissing},
				{Name: changed, Kind: model.AttachmentAltered},
			}
			for i := range got {
				got[i].Complaint = "" // one id; checked below
			}
			slices.SortFunc(want, func(a, b model.AttachmentProblem) int { return cmpString(a.Name, b.Name) })
			if !slices.Equal(got, want) {
				t.Fatalf("problems %+v, want %+v", got, want)
			}
		})
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestConvertAttachments: encrypting a folder encrypts its attachments
// (names too) and decrypting it gives them back byte-identical; the
// attachment key survives a password change.
func TestConvertAttachments(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fx := addAttachments(t, s, 3)
	s.Close()
	if err := Convert(dir, "", "一"); err != nil {
		t.Fatal(err)
	}
	for n := range fx.files {
		if _, err := os.Stat(filepath.Join(dir, AttachmentsDir, n)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s is still in clear in the encrypted folder (%v)", n, err)
		}
	}
	if err := Rekey(dir, "一", "二"); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{Password: "二"})
	if err != nil {
		t.Fatal(err)
	}
	sameAttachments(t, s, fx)
	s.Close()
	if err := Convert(dir, "二", ""); err != nil {
		t.Fatal(err)
	}
	for n, b := range fx.files {
		if got, err := os.ReadFile(filepath.Join(dir, AttachmentsDir, n)); err != nil || !bytes.Equal(got, b) {
			t.Fatalf("%s after decrypt: %v", n, err)
		}
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sameAttachments(t, s, fx)
}

// TestClearAttachmentsEncryptedOnOpen: attachments an older Kehu left in
// clear in an encrypted folder are encrypted when it opens.
func TestClearAttachmentsEncryptedOnOpen(t *testing.T) {
	dir := encryptedEmpty(t, "pw")
	s, err := Open(dir, Options{Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	fx := addAttachments(t, s, 5)
	for n, b := range fx.files { // as the older Kehu kept them
		os.Remove(s.attachFiles().path(n))
		os.WriteFile(filepath.Join(dir, AttachmentsDir, n), b, 0o600)
	}
	s.Close()
	s, err = Open(dir, Options{Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for n := range fx.files {
		if _, err := os.Stat(filepath.Join(dir, AttachmentsDir, n)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s still in clear", n)
		}
	}
	sameAttachments(t, s, fx)
}

// TestEncryptedAttachmentsLeakNothing: no file of an encrypted folder (its
// store, attachments, key file, log) nor of its backups holds a
// distinctive name, complaint text or attachment content, in UTF-8,
// UTF-16 (both byte orders) or GBK.
func TestEncryptedAttachmentsLeakNothing(t *testing.T) {
	secrets := []string{"宝岛眼镜公司", "破损镜片照片", "投诉说明 签收单", "镜片破损，客户要求退换", "Zyxwvut 签收单"}
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	addAttachments(t, s, 11)
	s.Close()
	if err := Convert(dir, "", "秘密 pw"); err != nil { // attachments written in clear, then encrypted
		t.Fatal(err)
	}
	s, err = Open(dir, Options{Password: "秘密 pw"})
	if err != nil {
		t.Fatal(err)
	}
	addAttachments(t, s, 12) // written encrypted
	os.MkdirAll(filepath.Join(dir, BackupsDir), 0o700)
	writeBackup(t, s, filepath.Join(dir, BackupsDir, "auto-1.kehubak"))
	s.Sync()
	s.Close()
	other := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(other, filepath.Join(dir, BackupsDir, "auto-1.kehubak"), "秘密 pw", false); err != nil {
		t.Fatal(err)
	}
	var needles [][]byte
	for _, x := range secrets {
		needles = append(needles, encodings(t, x)...)
	}
	for _, d := range []string{dir, other} {
		n := 0
		filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			for _, x := range needles {
				if bytes.Contains([]byte(e.Name()), x) {
					t.Errorf("the file name %s holds a secret", path)
				}
			}
			if e.IsDir() {
				return nil
			}
			n++
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range needles {
				if bytes.Contains(b, x) {
					t.Errorf("%s holds %q (encoding %d)", path, secrets[i/4], i%4)
				}
			}
			return nil
		})
		if n < 5 {
			t.Fatalf("only %d files under %s", n, d)
		}
	}
}

// encodings gives s in UTF-8, UTF-16LE, UTF-16BE and GBK.
func encodings(t *testing.T, s string) [][]byte {
	u := utf16.Encode([]rune(s))
	le, be := make([]byte, 0, 2*len(u)), make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
		be = append(be, byte(c>>8), byte(c))
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return [][]byte{[]byte(s), le, be, []byte(gbk)}
}

// TestPlainOpenDropsSealedAttachments: an encrypt killed after writing the
// encrypted attachment files but before its swap leaves them (*.kea) in a
// plain folder, unreadable since their key went with the discarded staging
// store; the next open removes them and keeps every clear attachment.
func TestPlainOpenDropsSealedAttachments(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fx := addAttachments(t, s, 3)
	key := make([]byte, keyLen)
	sealed := attachFiles{dir: dir, key: key}
	for n := range fx.files { // what convertAttachments writes before the swap
		if err := copyAttachment(s.attachFiles(), sealed, n); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	kea, _ := filepath.Glob(filepath.Join(dir, AttachmentsDir, "*"+attachExt))
	if len(kea) != len(fx.files) {
		t.Fatalf("%d encrypted files written, want %d", len(kea), len(fx.files))
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if kea, _ := filepath.Glob(filepath.Join(dir, AttachmentsDir, "*"+attachExt)); len(kea) != 0 {
		t.Fatalf("left after open: %v", kea)
	}
	sameAttachments(t, s, fx)
}
