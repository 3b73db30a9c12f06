package model

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// notFields are the Customer fields deliberately not in CustomerFields,
// each by its JSON key, with where it is read and written instead. A field
// missing from both lists fails TestEveryCustomerFieldDescribed.
var notFields = map[string]string{
	"id":       "the store's (NewID); export's ID column, import's id target merges by it",
	"created":  "the store's clock; export's Created column, import's created target",
	"updated":  "the store's clock; export's Updated column, import's updated target",
	"currency": "set with revenue (the base currency when empty); export's column after revenue, import's currency target",
	"contacts": "a list with its own editor; export's Contacts column, import's contact and contact_title targets",
}

// jsonName is the JSON key of a struct field, the Name of its Field.
func jsonName(f reflect.StructField) string {
	n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return n
}

// TestEveryCustomerFieldDescribed: each field of Customer is either a row of
// CustomerFields (whose Name is the field's JSON key) or in notFields; each
// row's Put stores into its own struct field only (revenue also sets the
// currency) and Get reads it back; a row has a label and import aliases.
func TestEveryCustomerFieldDescribed(t *testing.T) {
	typ := reflect.TypeFor[Customer]()
	fields := map[string]int{} // JSON key → struct field index
	for i := range typ.NumField() {
		sf := typ.Field(i)
		n := jsonName(sf)
		fields[n] = i
		_, isRow := FieldByName(n)
		_, isNot := notFields[n]
		switch {
		case isRow && isNot:
			t.Errorf("Customer.%s (%q) is both a row of CustomerFields and in notFields", sf.Name, n)
		case !isRow && !isNot:
			t.Errorf("Customer.%s (%q) is not in CustomerFields: give it a row there (see docs/ARCHITECTURE.md), or, if it is deliberately not editable, add it to notFields with the reason", sf.Name, n)
		}
	}
	for n := range notFields {
		if _, ok := fields[n]; !ok {
			t.Errorf("notFields names %q, which Customer does not have", n)
		}
	}
	names := map[string]bool{}
	for _, f := range CustomerFields {
		if names[f.Name] {
			t.Errorf("%s: two rows", f.Name)
		}
		names[f.Name] = true
		i, ok := fields[f.Name]
		if !ok {
			t.Errorf("%s: no Customer field has this JSON key", f.Name)
			continue
		}
		if f.Label == "" || len(f.Aliases) == 0 {
			t.Errorf("%s: label %q, aliases %q: a field needs both", f.Name, f.Label, f.Aliases)
		}
		if (f.Enum == "") != (len(f.Codes) == 0) {
			t.Errorf("%s: enumeration %q with codes %q", f.Name, f.Enum, f.Codes)
		}
		v := sampleValue(f)
		c := &Customer{}
		if err := f.Put(c, v); err != nil {
			t.Errorf("%s: Put(%q): %v", f.Name, v, err)
			continue
		}
		if got := f.Get(c); got != v {
			t.Errorf("%s: Put(%q), Get gives %q", f.Name, v, got)
		}
		cv := reflect.ValueOf(c).Elem()
		for j := range typ.NumField() {
			set := !cv.Field(j).IsZero()
			want := j == i || f.Name == "revenue" && jsonName(typ.Field(j)) == "currency"
			if set != want {
				t.Errorf("%s: Put(%q) leaves Customer.%s %v", f.Name, v, typ.Field(j).Name, cv.Field(j).Interface())
			}
		}
	}
}

// sampleValue is a value of f in the form Get gives it.
func sampleValue(f Field) string {
	switch {
	case len(f.Codes) > 0:
		return f.Codes[len(f.Codes)-1]
	case f.Name == "revenue":
		return "1200.50"
	default:
		return "样例 " + f.Name
	}
}

// TestFieldPut: the parsing the table does itself (tier's case, revenue's
// amount and currency, tags' separators) and its errors.
func TestFieldPut(t *testing.T) {
	for _, tc := range []struct {
		field, in, want string
		err             error
	}{
		{"tier", "a", "A", nil},
		{"revenue", "¥3万", "30000.00", nil},
		{"revenue", " ", "", nil},
		{"revenue", "lots", "", ErrBadValue},
		{"tags", "重点，连锁、重点; 外地", "重点, 连锁, 外地", nil},
		{"name", " 宝丽 ", " 宝丽 ", nil},
	} {
		f, ok := FieldByName(tc.field)
		if !ok {
			t.Fatalf("no field %s", tc.field)
		}
		c := &Customer{}
		err := f.Put(c, tc.in)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s %q: %v, want %v", tc.field, tc.in, err, tc.err)
		}
		if got := f.Get(c); err == nil && got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.field, tc.in, got, tc.want)
		}
		if tc.field == "revenue" && err == nil && (c.Currency != "") != (tc.want != "") {
			t.Errorf("revenue %q: currency %q", tc.in, c.Currency)
		}
	}
	if _, ok := FieldByName("Tax-ID"); !ok {
		t.Error("FieldByName(Tax-ID): not found")
	}
	if !slices.Equal(FieldNames()[:3], []string{"name", "short_name", "type"}) {
		t.Errorf("FieldNames: %q", FieldNames())
	}
}

// TestEveryCustomerFieldChecked: CheckRecord refuses a control character in
// each text field of CustomerFields (and an unknown code in each
// enumeration) under the field's name, so each has a stated limit whether
// or not validate.go names it; today every field is named there.
func TestEveryCustomerFieldChecked(t *testing.T) {
	for _, f := range uncheckedFields() {
		t.Logf("%s is checked by its kind only (validate.go does not name it)", f.Name)
	}
	typ := reflect.TypeFor[Customer]()
	for _, f := range CustomerFields {
		c := &Customer{Name: "宝丽"}
		cv := reflect.ValueOf(c).Elem()
		i := slices.IndexFunc(reflect.VisibleFields(typ), func(sf reflect.StructField) bool { return jsonName(sf) == f.Name })
		if i < 0 || cv.Field(i).Kind() != reflect.String {
			continue // revenue, tags: TestFieldPut and the amount and list limits
		}
		cv.Field(i).SetString("a\x00b")
		var ie *InvalidError
		if err := CheckRecord(c); !errors.As(err, &ie) || ie.Field != f.Name {
			t.Errorf("%s holding a NUL: CheckRecord gives %v, want an InvalidError of field %s", f.Name, err, f.Name)
		}
	}
}
