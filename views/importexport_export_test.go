package views

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The CSV encoding is chosen in the format drop-down (UTF-8 with BOM, or
// GB18030 for old Excel), written as chosen, and offered again next time.
func TestExportEncodingRemembered(t *testing.T) {
	tests := []struct {
		code string
		bom  bool
	}{
		{"csv", true},
		{"csv-gb18030", false},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			u, _ := newTestUI(t, sample()...)
			e := u.imports.export
			for i, f := range exportFormats {
				if f.code == tc.code {
					e.format.SetSelectedIndex(i)
				}
			}
			path := filepath.Join(t.TempDir(), "客户 数据", "客户.csv")
			os.MkdirAll(filepath.Dir(path), 0o755)
			w, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			e.write(w, path, e.selected())
			<-e.exported
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")); got != tc.bom {
				t.Errorf("BOM %v, want %v", got, tc.bom)
			}
			text := string(b)
			if !tc.bom {
				if text, err = simplifiedchinese.GB18030.NewDecoder().String(text); err != nil {
					t.Fatal(err)
				}
			}
			if !strings.Contains(text, "宝岛眼镜公司") {
				t.Errorf("the Chinese name does not read back from %q", b[:min(len(b), 80)])
			}

			again := newExportView(u.imports) // the tab as built at the next start
			if got := again.selected().code; got != tc.code {
				t.Errorf("offered %q next time, want %q", got, tc.code)
			}
		})
	}
}
