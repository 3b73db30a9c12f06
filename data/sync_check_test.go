package data

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/data/model"
)

// TestCheckSyncChange: the bounds an import applies hold for a synced
// change, field by field; an edit carrying only some fields passes on
// those alone.
func TestCheckSyncChange(t *testing.T) {
	const st = "0190000000000001.00000000000000aa"
	mk := func(kind, id, fields string) *model.SyncChange {
		c := &model.SyncChange{Entity: kind, ID: id, Stamp: st}
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			t.Fatal(err)
		}
		return c
	}
	const sale = `"_exists":{"v":true},"customer_id":{"v":"01J0CU"},"currency":{"v":"CNY"},`
	for _, tc := range []struct {
		name, kind, id, fields, want string // want "": passes
	}{
		{"a new sale", model.KindSale, "01J0SA", `{` + sale + `"date":{"v":"2024-02-29"},"amount":{"v":12345}}`, ""},
		{"an edit of the amount", model.KindSale, "01J0SA", `{"amount":{"v":-500}}`, ""},
		{"a deletion", model.KindCustomer, "01J0CU", `{"_exists":{"v":false},"name":{"v":null}}`, ""},
		{"a setting", KindSetting, "company_name", `{"value":{"v":"甲公司"}}`, ""},
		{"year 0", model.KindSale, "01J0SA", `{` + sale + `"date":{"v":"0000-01-01"}}`, "date"},
		{"year 9999", model.KindSale, "01J0SA", `{"date":{"v":"9999-12-31"}}`, "date"},
		{"not a date", model.KindSale, "01J0SA", `{"date":{"v":"2024-02-30"}}`, "date"},
		{"amount over int64", model.KindSale, "01J0SA", `{"amount":{"v":46116860184273878000}}`, "amount"},
		{"amount over 10^13", model.KindSale, "01J0SA", `{"amount":{"v":46116860184273878}}`, "amount"},
		{"amount a string", model.KindSale, "01J0SA", `{"amount":{"v":"100"}}`, "amount"},
		{"_exists garbage", model.KindCustomer, "01J0CU", `{"_exists":{"v":"garbage"}}`, "_exists"},
		{"id with NUL", model.KindCustomer, "01J\x00\x00", `{"name":{"v":"x"}}`, "malformed id"},
		{"id with a space", model.KindCustomer, "01J 0", `{"name":{"v":"x"}}`, "malformed id"},
		{"NUL in a name", model.KindCustomer, "01J0CU", `{"name":{"v":"a\u0000b"}}`, "NUL"},
		{"unknown tier", model.KindCustomer, "01J0CU", `{"tier":{"v":"Z"}}`, "tier"},
		{"unknown kind of interaction", model.KindInteraction, "01J0IN", `{"kind":{"v":"telepathy"}}`, "kind"},
		{"unknown severity", model.KindComplaint, "01J0CO", `{"severity":{"v":"apocalyptic"}}`, "severity"},
		{"a name of 301 characters", model.KindCustomer, "01J0CU", `{"name":{"v":"` + strings.Repeat("名", 301) + `"}}`, "name"},
		{"unknown entity", "bogus", "01J0CU", `{"name":{"v":"x"}}`, "unknown entity"},
		{"no fields", model.KindCustomer, "01J0CU", `{}`, "without fields"},
		{"attachment path", KindAttachment, "../x.jpg", `{"size":{"v":1}}`, "malformed id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSyncChange(mk(tc.kind, tc.id, tc.fields))
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want an error about %q", err, tc.want)
			case err != nil && utf8.RuneCountInString(err.Error()) > 300:
				t.Fatalf("a message of %d characters", utf8.RuneCountInString(err.Error()))
			case err != nil && strings.Contains(err.Error(), strings.Repeat("名", model.MaxShown+1)):
				t.Fatalf("the message repeats more than %d characters of the value: %v", model.MaxShown, err)
			}
		})
	}
}
