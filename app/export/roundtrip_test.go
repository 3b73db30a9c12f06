package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

// openCustomers opens a data folder as app.OpenWith does, with the one
// feature the round trip needs (the export tests import no façade).
func openCustomers(t *testing.T, dir string) *customers.Service {
	t.Helper()
	c, err := core.Open(dir, core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return customers.New(c)
}

// roundTripArchive fills a store with customers that use every field of
// the record (checked by reflection: a field with a row in
// model.CustomerFields is filled through the table, one without fails),
// every enumeration, contacts with every field, money in two
// currencies, a multi-line note, values a spreadsheet would run and a
// referral between two customers.
func roundTripArchive(t *testing.T, s *customers.Service) []*model.Customer {
	t.Helper()
	ref := &model.Customer{Name: "宁波明视眼镜", Tier: "C", Contacts: []model.Contact{{Name: "周敏"}}}
	if _, err := s.Add(ref); err != nil {
		t.Fatal(err)
	}
	full := &model.Customer{Name: "杭州宝丽眼镜有限公司", ShortName: "宝丽", Type: "wholesaler", Industry: "眼镜零售",
		Province: "浙江", City: "杭州市", Address: "杭州市西湖区文三路 1 号\n2 楼", Phone: "+86 138-0000-0001",
		Email: "li@baoli.cn", Website: "www.baoli.cn", TaxID: "91330100MA27XXXX0X", Owner: "王伟", Tier: "S",
		Stage: "stable", Loyalty: "first_purchase", Fit: "high", Source: "referral", ReferredBy: ref.ID,
		Tags: []string{"重点客户", "连锁"}, Notes: "第一行\n第二行, 含逗号 \"引号\"", Revenue: 405000050, Currency: "CNY",
		Contacts: []model.Contact{
			{Name: "唐芳", Title: "总经理", Role: "decision_maker", Phone: "13900000000", Email: "tang@baoli.cn", WeChat: "tangfang88"},
			{Name: "高超", Role: "coach"},
			{Name: "罗超", Phone: "0571-1234"},
		}}
	// A field of the table the literal above leaves empty (one added since)
	// gets a value of its own: an enumeration's last code, else a text.
	for _, f := range model.CustomerFields {
		if f.Get(full) != "" {
			continue
		}
		v := "新字段 " + f.Name
		if len(f.Codes) > 0 {
			v = f.Codes[len(f.Codes)-1]
		}
		if err := f.Put(full, v); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	if _, err := s.Add(full); err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(full).Elem()
	for i := range v.NumField() {
		if name := v.Type().Field(i).Name; v.Field(i).IsZero() && name != "ID" && name != "Created" && name != "Updated" {
			t.Fatalf("the round trip's customer leaves %s empty: give it a row in model.CustomerFields (docs/ARCHITECTURE.md), or, if it is deliberately no field, fill it in the literal above and give export and import a column for it", name)
		}
	}
	cv := reflect.ValueOf(full.Contacts[0])
	for i := range cv.NumField() {
		if cv.Field(i).IsZero() {
			t.Fatalf("the round trip's contact leaves %s empty: fill it", cv.Type().Field(i).Name)
		}
	}
	others := []*model.Customer{
		{Name: "=HYPERLINK(\"http://evil\",\"x\")", Address: "-5", Industry: "@SUM(A1)", Notes: "\tindented", Type: "chain",
			Tier: "A", Stage: "exploration", Loyalty: "advocate", Fit: "low", Source: "b2b", Revenue: -500, Currency: "USD"},
		{Name: "Plain Optics", Type: "agent", Tier: "B", Stage: "decline", Loyalty: "suspicion", Fit: "medium", Source: "cold_call",
			Phone: "021-5555 0000", Tags: []string{"外地"}},
		{Name: "苏州零售店", Type: "retailer", Stage: "lost", Loyalty: "repeat", Source: "exhibition", Owner: "李娜"},
		{Name: "消费者张三", Type: "consumer", Stage: "development", Loyalty: "expectation", Source: "flyer"},
		{Name: "其他来源", Source: "other"},
	}
	for _, c := range others {
		if _, err := s.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return append([]*model.Customer{ref, full}, others...)
}

// customerDiff names the fields of got that differ from want; Created and
// Updated are the store's own (an import is a new write).
func customerDiff(want, got *model.Customer) []string {
	var out []string
	wv, gv := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for i := range wv.NumField() {
		name := wv.Type().Field(i).Name
		if name == "Created" || name == "Updated" {
			continue
		}
		if !reflect.DeepEqual(wv.Field(i).Interface(), gv.Field(i).Interface()) {
			out = append(out, fmt.Sprintf("%s: %#v, want %#v", name, gv.Field(i).Interface(), wv.Field(i).Interface()))
		}
	}
	return out
}

// TestRoundTrip: every export format in both languages, imported into an
// empty folder, gives the same archive, field by field; imported again, it
// merges by id and changes nothing.
func TestRoundTrip(t *testing.T) {
	src := openCustomers(t, t.TempDir())
	want := roundTripArchive(t, src)
	for i, c := range want { // as stored
		var err error
		if want[i], err = src.Get(c.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		format Format
		lang   string
		enc    string
	}{
		{CSV, "zh", ""}, {CSV, "en", ""}, {CSV, "zh", GB18030},
		{XLSX, "zh", ""}, {XLSX, "en", ""},
		{JSONL, "zh", ""}, {JSONL, "en", ""},
	} {
		t.Run(fmt.Sprintf("%s-%s%s", tc.format, tc.lang, tc.enc), func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "客户."+string(tc.format))
			b := export(t, tc.format, want, Options{Lang: tc.lang, Encoding: tc.enc})
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			dst := openCustomers(t, filepath.Join(dir, "data"))
			for round, wantNew := range []int{len(want), 0} {
				sum, err := dst.ImportFile(context.Background(), file, customers.ImportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if sum.New != wantNew || sum.Rejected != 0 || len(sum.Warnings) != 0 {
					t.Errorf("import %d: %+v, warnings %v, rejects %v", round, sum, sum.Warnings, sum.Rejects)
				}
			}
			rows, n, err := dst.List(customers.Query{})
			if err != nil || n != len(want) || len(rows) != len(want) {
				t.Fatalf("%d customers after the import, want %d (%v)", n, len(want), err)
			}
			for _, w := range want {
				got, err := dst.Get(w.ID)
				if err != nil {
					t.Errorf("%s: %v", w.Name, err)
					continue
				}
				if d := customerDiff(w, got); d != nil {
					t.Errorf("%s:\n%v", w.Name, d)
				}
			}
		})
	}
}
