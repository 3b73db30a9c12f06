package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestCheckRecord: one row per thing no record may hold, whichever way it
// arrives, and the records that must pass.
func TestCheckRecord(t *testing.T) {
	ok := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	sale := func(f func(*Sale)) *Sale {
		s := &Sale{ID: "01J0000000000000000000000A", CustomerID: "01J0000000000000000000000B", Date: "2025-03-01", Amount: 100, Currency: "CNY", Created: ok}
		f(s)
		return s
	}
	for _, tc := range []struct {
		name  string
		rec   any
		field string // "" = valid
	}{
		{"customer", &Customer{Name: "天明眼镜", Tier: "A", Tags: []string{"重点"}, Notes: "第一行\n第二行\t", Created: ok}, ""},
		{"customer 300 chars", &Customer{Name: strings.Repeat("长", MaxNameLen)}, ""},
		{"customer 301 chars", &Customer{Name: strings.Repeat("长", MaxNameLen+1)}, "name"},
		{"customer 50 MB name", &Customer{Name: strings.Repeat("x", 50<<20)}, "name"},
		{"NUL in name", &Customer{Name: "眼镜\x00公司"}, "name"},
		{"newline in address", &Customer{Name: "眼镜公司", Address: "上海市\r\n华山201室"}, ""},
		{"escape in name", &Customer{Name: "眼镜\x1b[31m公司"}, "name"},
		{"broken UTF-8", &Customer{Name: "眼镜\xff"}, "name"},
		{"unknown tier", &Customer{Name: "a", Tier: "Z"}, "tier"},
		{"contact role", &Customer{Name: "a", Contacts: []Contact{{Name: "b", Role: "boss"}}}, "contacts[0].role"},
		{"id with NUL", &Customer{ID: "01J\x00", Name: "a"}, "id"},
		{"id too long", &Customer{ID: strings.Repeat("A", MaxIDLen+1), Name: "a"}, "id"},
		{"id with space", &Customer{ID: "a b", Name: "a"}, "id"},
		{"revenue 10^13", &Customer{Name: "a", Revenue: MaxAmount}, ""},
		{"revenue over", &Customer{Name: "a", Revenue: MaxAmount + 1}, "revenue"},
		{"created year 1", &Customer{Name: "a", Created: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)}, "created"},
		{"notes too long", &Customer{Name: "a", Notes: strings.Repeat("x", MaxTextLen+1)}, "notes"},
		{"too many tags", &Customer{Name: "a", Tags: make([]string, MaxList+1)}, "tags"},
		{"sale", sale(func(*Sale) {}), ""},
		{"sale negative", sale(func(s *Sale) { s.Amount = -MaxAmount }), ""},
		{"sale 0000-01-01", sale(func(s *Sale) { s.Date = "0000-01-01" }), "date"},
		{"sale 9999-12-31", sale(func(s *Sale) { s.Date = "9999-12-31" }), "date"},
		{"sale 2101-01-01", sale(func(s *Sale) { s.Date = "2101-01-01" }), "date"},
		{"sale 1900-01-01", sale(func(s *Sale) { s.Date = "1900-01-01" }), ""},
		{"sale no date (partial)", sale(func(s *Sale) { s.Date = "" }), ""},
		{"sale bad date", sale(func(s *Sale) { s.Date = "2025-02-30" }), "date"},
		{"sale huge amount", sale(func(s *Sale) { s.Amount = 46116860184273878 }), "amount"},
		{"sale min int64", sale(func(s *Sale) { s.Amount = -1 << 63 }), "amount"},
		{"sale quantity", sale(func(s *Sale) { s.Quantity = 1 << 62 }), "quantity"},
		{"sale currency", sale(func(s *Sale) { s.Currency = "元" }), "currency"},
		{"sale no customer (partial)", sale(func(s *Sale) { s.CustomerID = "" }), ""},
		{"partial sale, bad amount", &Sale{Amount: MaxAmount + 1}, "amount"},
		{"interaction", &Interaction{CustomerID: "c1", Kind: "visit", Date: ok, FollowUp: "2025-04-01"}, ""},
		{"interaction kind", &Interaction{CustomerID: "c1", Kind: "fax", Date: ok}, "kind"},
		{"interaction follow-up", &Interaction{CustomerID: "c1", Kind: "visit", Date: ok, FollowUp: "9999-01-01"}, "follow_up"},
		{"complaint", &Complaint{CustomerID: "c1", Channel: "phone", Category: "quality", Severity: "high", Status: "new", Text: "断了", OpenedAt: ok,
			History: []Event{{At: ok, Kind: "opened", To: "new"}}}, ""},
		{"complaint satisfaction", &Complaint{CustomerID: "c1", Satisfaction: 6}, "satisfaction"},
		{"complaint status", &Complaint{CustomerID: "c1", Status: "lost"}, "status"},
		{"complaint event", &Complaint{CustomerID: "c1", History: []Event{{At: ok, Kind: "?"}}}, "history[0].kind"},
		{"action", &Action{CustomerID: "c1", Text: "拜访", Status: "open", Due: "2025-05-01"}, ""},
		{"action status", &Action{CustomerID: "c1", Text: "拜访", Status: "maybe"}, "status"},
		{"survey score", &Survey{CustomerID: "c1", Date: "2025-01-01", Score: 0}, "score"},
		{"assessment", &Assessment{CustomerID: "c1", Date: "2025-01-01", Scores: []int{1, 2, 3, 4, 5, 5}}, ""},
		{"goal date", &Goal{CustomerID: "c1", Text: "t", Date: "1899-12-31"}, "date"},
	} {
		err := CheckRecord(tc.rec)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var ie *InvalidError
		if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("%s: err %v, want an *InvalidError", tc.name, err)
			continue
		}
		if ie.Field != tc.field {
			t.Errorf("%s: field %q, want %q (%v)", tc.name, ie.Field, tc.field, err)
		}
		if n := len([]rune(ie.Value)); n > MaxShown+1 || len(err.Error()) > 400 {
			t.Errorf("%s: message repeats %d characters: %.100q", tc.name, n, err.Error())
		}
		if strings.ContainsRune(err.Error(), 0) {
			t.Errorf("%s: message holds a NUL", tc.name)
		}
	}
	if err := CheckRecord(struct{}{}); err == nil {
		t.Error("a non-record passed")
	}
}

// TestCheckJSON: records that arrive as JSON are decoded strictly.
func TestCheckJSON(t *testing.T) {
	for _, tc := range []struct {
		kind, json string
		ok         bool
	}{
		{KindSale, `{"id":"s1","customer_id":"c1","date":"2025-01-02","amount":5,"currency":"CNY"}`, true},
		{KindSale, `{"id":"s1","customer_id":"c1","date":"0000-01-01","amount":5}`, false},
		{KindSale, `{"id":"s1","customer_id":"c1","date":"2025-01-02","amount":"5"}`, false},
		{KindSale, `{"id":"s1","customer_id":"c1","date":"2025-01-02","amount":99999999999999999999}`, false},
		{KindComplaint, `{"id":"k1","customer_id":"c1","satisfaction":true}`, false},
		{KindCustomer, `{"id":"c1","name":"a\u0000b"}`, false},
		{KindCustomer, `{"id":"c1","name":"天明"}`, true},
		{KindCustomer, `{"id":"c1","name":`, false},
		{"rate", `{}`, false},
	} {
		if err := CheckJSON(tc.kind, []byte(tc.json)); (err == nil) != tc.ok {
			t.Errorf("%s %s: %v", tc.kind, tc.json, err)
		}
	}
}

func TestShorten(t *testing.T) {
	if s := Shorten(strings.Repeat("长", 81)); s != strings.Repeat("长", 80)+"…" {
		t.Errorf("Shorten 81 = %q", s)
	}
	if s := Shorten(strings.Repeat("长", 80)); s != strings.Repeat("长", 80) {
		t.Errorf("Shorten 80 = %q", s)
	}
}
