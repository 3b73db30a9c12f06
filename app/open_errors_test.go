package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

// TestFolderMessage opens folders that cannot be used — of other files, a
// file instead of a folder's place, open in this process already — and wants
// one clear sentence for each, in English and Chinese.
func TestFolderMessage(t *testing.T) {
	base := filepath.Join(t.TempDir(), "客户 资料 2025")
	foreign := filepath.Join(base, "我的 文档")
	os.MkdirAll(foreign, 0o700)
	os.WriteFile(filepath.Join(foreign, "报价单.xlsx"), []byte("PK"), 0o600)
	locked := filepath.Join(base, "数据")
	svc, err := Open(locked)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, tc := range []struct {
		dir, en, zh string
	}{
		{foreign, "is not a Kehu data folder: it holds other files (报价单.xlsx)", "不是 Kehu 的数据文件夹"},
		{locked, "Kehu is already open on this data folder", "已"},
	} {
		_, err := Open(tc.dir)
		if err == nil {
			t.Fatalf("%s opened", tc.dir)
		}
		for lang, want := range map[string]string{"en": tc.en, "zh": tc.zh} {
			i18n.Setup(lang)
			msg, ok := FolderMessage(err)
			if !ok || !strings.Contains(msg, want) || !strings.Contains(msg, tc.dir) || strings.Contains(msg, "\n") {
				t.Errorf("%s %s: %q (%v), want %q", lang, tc.dir, msg, ok, want)
			}
		}
	}
	i18n.Setup("en")
	if entries, _ := os.ReadDir(foreign); len(entries) != 1 {
		t.Errorf("the foreign folder holds %d files after the attempt", len(entries))
	}
}

// TestFolderMessageKinds: locked, read-only, missing, full and damaged each
// get their own sentence in both languages, naming the folder.
func TestFolderMessageKinds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "客户 数据")
	defer i18n.Setup("en")
	for _, tc := range []struct {
		err    error
		en, zh string
	}{
		{&model.LockedError{Dir: dir}, "is already open", "已经打开"},
		{&model.ReadOnlyError{Dir: dir}, "cannot write", "无法写入"},
		{&model.MissingError{Dir: dir}, "is not there", "找不到数据文件夹"},
		{&model.DiskFullError{Dir: dir, Free: 3 << 20}, "is full", "满"},
		{&model.DamagedError{Dir: dir, File: "MANIFEST", Why: "bad magic"}, "is damaged", "损坏"},
	} {
		for lang, want := range map[string]string{"en": tc.en, "zh": tc.zh} {
			i18n.Setup(lang)
			msg, ok := FolderMessage(tc.err)
			if !ok || !strings.Contains(msg, want) || !strings.Contains(msg, dir) {
				t.Errorf("%s %T: %q, want %q", lang, tc.err, msg, want)
			}
		}
	}
}
