package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// sealBackup appends what follows the checksummed part of a backup (its
// SHA-256 and end magic) to body: a crafted file passes the checksum.
func sealBackup(body []byte) []byte {
	sum := sha256.Sum256(body)
	return append(append(bytes.Clone(body), sum[:]...), backupEnd...)
}

// backupBody is the part of a backup file the checksum covers.
func backupBody(b []byte) []byte { return b[:len(b)-trailerLen+4] }

// rewriteManifest lets change edit the manifest of the backup at path and
// writes the file back with a valid checksum.
func rewriteManifest(t testing.TB, path string, change func(m map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body := backupBody(b)
	mlen := int(binary.BigEndian.Uint32(body[len(body)-4:]))
	head := body[:len(body)-4-mlen]
	m := map[string]any{}
	if err := json.Unmarshal(body[len(body)-4-mlen:len(body)-4], &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	mj, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	body = binary.BigEndian.AppendUint32(append(bytes.Clone(head), mj...), uint32(len(mj)))
	if err := os.WriteFile(path, sealBackup(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// hostileChild is set in the child process TestHostileBackups starts.
const hostileChild = "KEHU_TEST_HOSTILE_BACKUP"

// TestHostileBackups restores crafted backups whose checksum is right, each
// in a child process whose peak memory is measured: every one ends with
// ErrBackupCorrupt, a clear message, within maxHostileRSS.
func TestHostileBackups(t *testing.T) {
	if path := os.Getenv(hostileChild); path != "" {
		start := time.Now()
		_, err := Restore(filepath.Join(t.TempDir(), "to"), path, os.Getenv(hostileChild+"_PW"), false)
		t.Logf("RESULT corrupt=%v kdf=%v peak=%d after %v: %v", errors.Is(err, model.ErrBackupCorrupt), errors.Is(err, model.ErrKDFBounds),
			selfPeakRSS(), time.Since(start).Round(time.Millisecond), err)
		return
	}
	const maxHostileRSS = 200 << 20
	tmp := t.TempDir()
	write := func(name string, body []byte) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, sealBackup(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	src := openTest(t)
	fillTest(t, src, "宝岛眼镜公司", "杭州明月眼镜")
	if err := src.WriteAttachment("01J-照片.jpg", strings.NewReader("photo bytes")); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(tmp, "plain.kehubak")
	m := writeBackup(t, src, plain)
	good, _ := os.ReadFile(plain)
	attach := func(b byte, at int) string { // the attachment's name length (at 0) or size (at 2+len(name)) flipped
		body := bytes.Clone(backupBody(good))
		body[len(backupMagic)+int(m.StreamBytes)+at] ^= b
		return write(fmt.Sprintf("attach%d.kehubak", at), body)
	}

	encDir := encryptedEmpty(t, "pw")
	enc, err := Open(encDir, Options{Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	fillTest(t, enc, "宝岛眼镜公司")
	encFile := filepath.Join(tmp, "enc.kehubak")
	writeBackup(t, enc, encFile)
	enc.Close()

	frame := func(b byte, at int) string { // the first frame's length, byte at flipped
		body := bytes.Clone(backupBody(good))
		body[len(backupMagic)+at] ^= b
		return write(fmt.Sprintf("frame%d.kehubak", at), body)
	}
	kdf := func(name string, time, mem, threads int) string {
		p := filepath.Join(tmp, name)
		b, _ := os.ReadFile(encFile)
		os.WriteFile(p, b, 0o600)
		rewriteManifest(t, p, func(m map[string]any) {
			k := m["key"].(map[string]any)
			k["time"], k["memory_kib"], k["threads"] = time, mem, threads
		})
		return p
	}
	cases := []struct {
		name, file, pw, want string
	}{
		{"frame length's top byte flipped", frame(0x01, 7), "", "corrupt=true"},
		{"frame length's byte 4 flipped", frame(0x80, 4), "", "corrupt=true"},
		{"frame length's low byte flipped", frame(0x40, 0), "", "corrupt=true"},
		{"attachment name length flipped", attach(0x80, 0), "", "corrupt=true"},
		{"attachment size's top byte flipped", attach(0x40, 2+len("01J-照片.jpg")), "", "corrupt=true"},
		{"argon2 4 GiB and 100 passes", kdf("kdf1.kehubak", 100, 4<<20, 4), "pw", "kdf=true"},
		{"argon2 255 threads", kdf("kdf2.kehubak", 3, 64<<10, 255), "pw", "kdf=true"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileBackups$", "-test.v")
			cmd.Env = append(os.Environ(), hostileChild+"="+tc.file, hostileChild+"_PW="+tc.pw)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			line := ""
			for _, l := range strings.Split(string(out), "\n") {
				if strings.Contains(l, "RESULT") {
					line = strings.TrimSpace(l)
				}
			}
			if !strings.Contains(line, tc.want) {
				t.Fatalf("want %s: %s\n%s", tc.want, line, out)
			}
			var rss int64
			if _, after, ok := strings.Cut(line, "peak="); ok {
				rss, _ = strconv.ParseInt(strings.Fields(after)[0], 10, 64)
			}
			t.Logf("peak RSS %.1f MB; %s", float64(rss)/(1<<20), line)
			if rss > maxHostileRSS {
				t.Fatalf("peak RSS %d MB, over %d MB", rss>>20, maxHostileRSS>>20)
			}
		})
		os.Remove(tc.file)
	}
}
