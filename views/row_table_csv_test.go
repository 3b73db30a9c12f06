package views

import (
	"bytes"
	"strconv"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
)

// TestRowTableCSV: the CSV is the table as shown, in the order on screen.
func TestRowTableCSV(t *testing.T) {
	i18n.Setup("en")
	test.NewTempApp(t)
	type row struct {
		name string
		n    int
	}
	tbl := newRowTable([]rowColumn[row]{
		{title: "Customer", text: func(r row) string { return r.name }, key: func(r row) any { return r.name }},
		{title: "Overdue", text: func(r row) string { return strconv.Itoa(r.n) }, key: func(r row) any { return r.n }},
	}, nil, nil)
	tbl.set([]row{{"宝岛眼镜公司", 2}, {"杨氏眼镜店", 9}})
	tbl.sort("Overdue") // numbers: largest first
	var b bytes.Buffer
	if err := tbl.writeCSV(&b, export.UTF8BOM); err != nil {
		t.Fatal(err)
	}
	want := "\xEF\xBB\xBFCustomer,Overdue\r\n杨氏眼镜店,9\r\n宝岛眼镜公司,2\r\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
