package export

import (
	"bytes"
	"testing"
)

func TestShown(t *testing.T) {
	var b bytes.Buffer
	if err := Shown(&b, UTF8BOM, []string{"客户", "金额"}, [][]string{{"宝岛眼镜公司", "1,200.50"}, {"=cmd", ""}}); err != nil {
		t.Fatal(err)
	}
	want := "\xEF\xBB\xBF客户,金额\r\n宝岛眼镜公司,\"1,200.50\"\r\n'=cmd,\r\n"
	if got := b.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
