package data

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// fillAll sets every exported field of the struct v points to, found by
// reflection, to a distinct non-zero value: a field added to a record later
// is filled without editing the tests below, so an encoder that forgets it
// fails them. Strings are "<Field>-<n>", numbers n, slices two filled
// elements, times a UTC instant.
func fillAll(v any) {
	n := 0
	var fill func(reflect.Value, string)
	fill = func(f reflect.Value, name string) {
		n++
		switch f.Kind() {
		case reflect.String:
			f.SetString(fmt.Sprintf("%s-%d", name, n))
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f.SetInt(int64(1000 + n))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f.SetUint(uint64(1000 + n))
		case reflect.Float32, reflect.Float64:
			f.SetFloat(float64(n) + 0.5)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			s := reflect.MakeSlice(f.Type(), 2, 2)
			for i := range 2 {
				fill(s.Index(i), name)
			}
			f.Set(s)
		case reflect.Map:
			m := reflect.MakeMap(f.Type())
			k, e := reflect.New(f.Type().Key()).Elem(), reflect.New(f.Type().Elem()).Elem()
			fill(k, name)
			fill(e, name)
			m.SetMapIndex(k, e)
			f.Set(m)
		case reflect.Pointer:
			p := reflect.New(f.Type().Elem())
			fill(p.Elem(), name)
			f.Set(p)
		case reflect.Struct:
			if f.Type() == reflect.TypeFor[time.Time]() {
				f.Set(reflect.ValueOf(time.Date(2024, 3, 5, 6, 7, 8, n*1000, time.UTC)))
				return
			}
			for i := range f.NumField() {
				if sf := f.Type().Field(i); sf.IsExported() && sf.Tag.Get("json") != "-" {
					fill(f.Field(i), sf.Name)
				}
			}
		default:
			panic(fmt.Sprintf("fillAll: field %s of kind %s", name, f.Kind()))
		}
	}
	fill(reflect.ValueOf(v).Elem(), "")
}

// diffFieldsOf names the exported fields where a and b (structs of one type)
// differ, skipping those in skip: the ones the store sets itself.
func diffFieldsOf(a, b any, skip ...string) []string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	var out []string
	for i := range va.NumField() {
		sf := va.Type().Field(i)
		if !sf.IsExported() || sf.Tag.Get("json") == "-" || contains(skip, sf.Name) {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, fmt.Sprintf("%s: %v, want %v", sf.Name, vb.Field(i).Interface(), va.Field(i).Interface()))
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fullCustomer is a customer with every field filled; its enumerations and
// ids stay free text, which the store keeps as given.
func fullCustomer() *model.Customer {
	c := &model.Customer{}
	fillAll(c)
	c.ID = model.NewID()
	return c
}

// fullSale is a sale of c with every field filled. Tier and region are the
// customer's (a sale takes them from it); the date and currency are real ones.
func fullSale(c *model.Customer) *model.Sale {
	s := &model.Sale{}
	fillAll(s)
	s.ID, s.CustomerID, s.Date, s.Currency = model.NewID(), c.ID, "2024-03-05", model.DefaultBaseCurrency
	s.Tier, s.Region = c.Tier, c.Province
	return s
}

// TestEncodersKeepEveryField: every record with a hand-written encoder
// (customers and sales as JSON, sales packed) keeps every field through
// encode → decode, a merge import, a new-customer import, a sales import,
// sync to another store and backup → restore.
func TestEncodersKeepEveryField(t *testing.T) {
	t.Run("encode", func(t *testing.T) {
		c := fullCustomer()
		want, _ := json.Marshal(c)
		got, err := marshalCustomer(c)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("marshalCustomer:\n%s\nwant\n%s", got, want)
		}
		var back model.Customer
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		if d := diffFieldsOf(c, &back); d != nil {
			t.Errorf("customer after decode: %v", d)
		}
		s := fullSale(c)
		want, _ = json.Marshal(s)
		if got, err = s.Marshal(); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Sale.marshal:\n%s\nwant\n%s", got, want)
		}
		p := &salePack{batch: s.Batch, dev: "0123456789abcdef", hlc0: 7, created: s.Created, sales: []model.Sale{*s}}
		p.sales[0].Updated = s.Created
		v, err := encodePack(p)
		if err != nil {
			t.Fatal(err)
		}
		dp, err := decodePack(v)
		if err != nil || len(dp.sales) != 1 {
			t.Fatalf("decodePack: %+v, %v", dp, err)
		}
		if d := diffFieldsOf(&p.sales[0], &dp.sales[0]); d != nil {
			t.Errorf("sale after pack → unpack: %v", d)
		}
	})

	a := openTest(t)
	// A merge import: the stored customer has only a name, the import
	// brings the rest (and a new customer comes with it).
	c := fullCustomer()
	old := &model.Customer{ID: c.ID, Name: c.Name}
	if err := a.PutCustomer(old); err != nil {
		t.Fatal(err)
	}
	fresh := fullCustomer()
	b := &model.Batch{Kind: "customers", File: "x.csv"}
	if err := a.BeginBatch(b); err != nil {
		t.Fatal(err)
	}
	if err := a.WriteChunk(b.ID, []model.Change{{Before: old, After: c}, {After: fresh}}); err != nil {
		t.Fatal(err)
	}
	// A sales import writes packed sales; PutSale writes one record.
	cache := NewSalesCache()
	cache.Add(c)
	packed, single := fullSale(c), fullSale(c)
	if err := a.WritePackedSales(b.ID, []*model.Sale{packed}, cache); err != nil {
		t.Fatal(err)
	}
	if err := a.CommitBatch(b); err != nil {
		t.Fatal(err)
	}
	if err := a.PutSale(single); err != nil {
		t.Fatal(err)
	}
	// The store sets ids, batch and times of what it writes.
	own := []string{"Created", "Updated"}
	saleOwn := []string{"ID", "Batch", "Created", "Updated"}
	check := func(t *testing.T, s *Store, where string) {
		t.Helper()
		for _, want := range []*model.Customer{c, fresh} {
			got, err := s.Customer(want.ID)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if d := diffFieldsOf(want, got, own...); d != nil {
				t.Errorf("%s: customer %s lost %v", where, want.ID, d)
			}
		}
		for _, want := range []*model.Sale{packed, single} {
			got, err := s.Sale(want.ID)
			if err != nil {
				t.Fatalf("%s: sale: %v", where, err)
			}
			if d := diffFieldsOf(want, got, saleOwn...); d != nil {
				t.Errorf("%s: sale %s lost %v", where, want.ID, d)
			}
		}
	}
	check(t, a, "import")

	t.Run("sync", func(t *testing.T) {
		dst := openTest(t)
		dev, err := a.DeviceID()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dst.ApplyChanges(dev, "f1.jsonl", logEntries(t, a)); err != nil {
			t.Fatal(err)
		}
		check(t, dst, "sync")
	})

	t.Run("backup", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "k.kehubak")
		writeBackup(t, a, file)
		dir := filepath.Join(t.TempDir(), "restored")
		if _, err := Restore(dir, file, "", false); err != nil {
			t.Fatal(err)
		}
		dst, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		check(t, dst, "restore")
	})
}

// TestPackRowsKeepEveryField: a big sales import packs compact rows
// (SaleRows, packRows), not sales; every field of a filled sale goes
// through that second pack encoder too, or is named here as one the import
// sets itself.
func TestPackRowsKeepEveryField(t *testing.T) {
	c := fullCustomer()
	want := fullSale(c)
	rows := &SaleRows{}
	rows.Add(want)
	tab, err := rows.tables(model.DefaultBaseCurrency, func(string) (saleTags, error) { return saleTags{want.Tier, want.Region}, nil })
	if err != nil {
		t.Fatal(err)
	}
	ids := model.NewIDs(1)
	packs, _, ok := packRows(rows, tab, indexOrder(rows, tab), ids, packInfo{batch: "B1", dev: "dev", created: want.Created}, 1<<16)
	if !ok || len(packs) != 1 {
		t.Fatalf("packRows: %d packs, %v", len(packs), ok)
	}
	p, err := decodePack(packs[0].v)
	if err != nil || len(p.sales) != 1 {
		t.Fatalf("decodePack: %+v, %v", p, err)
	}
	if err := want.Clean(); err != nil {
		t.Fatal(err)
	}
	// The import gives the id, batch and times.
	if d := diffFieldsOf(want, &p.sales[0], "ID", "Batch", "Created", "Updated"); d != nil {
		t.Errorf("sale after rows → pack → unpack: %v", d)
	}
}

// TestRecordsKeepEveryField: the records stored as encoding/json alone
// (interactions, complaints, key-account records) keep every field through
// their Put → read and backup → restore, and the synced ones (interactions,
// complaints) through sync to another store.
func TestRecordsKeepEveryField(t *testing.T) {
	a := openTest(t)
	c := fullCustomer()
	if err := a.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	in := &model.Interaction{}
	fillAll(in)
	in.ID, in.CustomerID, in.Kind, in.FollowUp, in.FollowUpDone = model.NewID(), c.ID, model.InteractionKinds[0], "2024-03-05", "2024-03-06"
	if err := a.PutInteraction(in); err != nil {
		t.Fatal(err)
	}
	co := &model.Complaint{}
	fillAll(co)
	co.ID, co.CustomerID, co.Attachments = model.NewID(), c.ID, nil // attachments need their files (attach_test.go)
	co.Channel, co.Category, co.Severity, co.Status = model.Channels[0], model.Categories[0], model.Severities[0], model.ComplaintStatuses[0]
	co.Satisfaction = 4
	if err := a.AddComplaint(co); err != nil {
		t.Fatal(err)
	}
	as := &model.Assessment{}
	fillAll(as)
	as.ID, as.CustomerID, as.Date, as.Scores = model.NewID(), c.ID, "2024-03-05", []int{1, 2, 3, 4, 5, 1}
	if err := a.PutAssessment(as); err != nil {
		t.Fatal(err)
	}
	sv := &model.Survey{}
	fillAll(sv)
	sv.ID, sv.CustomerID, sv.Date, sv.Score = model.NewID(), c.ID, "2024-03-05", 3
	if err := a.PutSurvey(sv); err != nil {
		t.Fatal(err)
	}
	g := &model.Goal{}
	fillAll(g)
	g.ID, g.CustomerID, g.Date = model.NewID(), c.ID, "2024-03-05"
	if err := a.PutGoal(g); err != nil {
		t.Fatal(err)
	}
	ac := &model.Action{}
	fillAll(ac)
	ac.ID, ac.CustomerID, ac.Due, ac.Status = model.NewID(), c.ID, "2024-03-05", "open"
	if err := a.PutAction(ac); err != nil {
		t.Fatal(err)
	}

	one := func(t *testing.T, what string, list any, err error) any {
		t.Helper()
		v := reflect.ValueOf(list)
		if err != nil || v.Len() != 1 {
			t.Fatalf("%s: %d, %v", what, v.Len(), err)
		}
		return v.Index(0).Interface()
	}
	check := func(t *testing.T, s *Store, where string, synced bool) {
		t.Helper()
		got, err := s.Interaction(c.ID, in.ID)
		if err != nil {
			t.Fatalf("%s: interaction: %v", where, err)
		}
		if d := diffFieldsOf(in, got); d != nil {
			t.Errorf("%s: interaction lost %v", where, d)
		}
		gc, err := s.Complaint(co.ID)
		if err != nil {
			t.Fatalf("%s: complaint: %v", where, err)
		}
		if d := diffFieldsOf(co, gc); d != nil {
			t.Errorf("%s: complaint lost %v", where, d)
		}
		if synced {
			return // key-account records stay on their device
		}
		l1, err := s.Assessments(c.ID)
		if d := diffFieldsOf(as, one(t, "assessments", l1, err)); d != nil {
			t.Errorf("%s: assessment lost %v", where, d)
		}
		l2, err := s.Surveys(c.ID)
		if d := diffFieldsOf(sv, one(t, "surveys", l2, err)); d != nil {
			t.Errorf("%s: survey lost %v", where, d)
		}
		l3, err := s.Goals(c.ID)
		if d := diffFieldsOf(g, one(t, "goals", l3, err)); d != nil {
			t.Errorf("%s: goal lost %v", where, d)
		}
		l4, err := s.Actions(c.ID)
		if d := diffFieldsOf(ac, one(t, "actions", l4, err)); d != nil {
			t.Errorf("%s: action lost %v", where, d)
		}
	}
	check(t, a, "put", false)

	t.Run("insert", func(t *testing.T) { // InsertNew, the bulk write of new customers
		s := openTest(t)
		c2 := fullCustomer()
		in2 := &model.Interaction{}
		fillAll(in2)
		in2.ID, in2.CustomerID, in2.Kind, in2.FollowUp, in2.FollowUpDone = model.NewID(), c2.ID, model.InteractionKinds[0], "2024-03-05", "2024-03-06"
		if err := s.InsertNew([]*model.Customer{c2}, []*model.Interaction{in2}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Interaction(c2.ID, in2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffFieldsOf(in2, got); d != nil {
			t.Errorf("InsertNew: interaction lost %v", d)
		}
	})

	t.Run("sync", func(t *testing.T) {
		dst := openTest(t)
		dev, err := a.DeviceID()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dst.ApplyChanges(dev, "f1.jsonl", logEntries(t, a)); err != nil {
			t.Fatal(err)
		}
		check(t, dst, "sync", true)
	})

	t.Run("backup", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "k.kehubak")
		writeBackup(t, a, file)
		dir := filepath.Join(t.TempDir(), "restored")
		if _, err := Restore(dir, file, "", false); err != nil {
			t.Fatal(err)
		}
		dst, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		check(t, dst, "restore", false)
	})
}

// TestPackBytesPinned: both pack encoders write the bytes they wrote when
// the format was fixed (stored packs must keep reading): three sales, the
// second's id following the first's (written as 0), the third's not.
func TestPackBytesPinned(t *testing.T) {
	const want = "010242310364657605aafccbc4e4ce8aee31090a323032342d30312d3031024331015003434e59016e014101520a323032342d30312d30320a323032342d30312d3033031a30314a3030303030303030303030303030303030303030303041000102030405060100000701020304050600c8011a30314a303030303030303030303030303030303030303030305a08010203040506029003"
	now := time.Date(2026, 12, 4, 15, 4, 5, 123456789, time.UTC)
	ids := []string{"01J0000000000000000000000A", "01J0000000000000000000000B", "01J0000000000000000000000Z"}
	var sales []model.Sale
	for i, id := range ids {
		sales = append(sales, model.Sale{ID: id, Date: fmt.Sprintf("2024-01-0%d", i+1), CustomerID: "C1", Product: "P", Currency: "CNY", Note: "n", Tier: "A", Region: "R", Quantity: int64(i - 1), Amount: int64(100 * i)})
	}
	v, err := encodePack(&salePack{batch: "B1", dev: "dev", hlc0: 5, created: now, sales: sales})
	if err != nil || hex.EncodeToString(v) != want {
		t.Errorf("encodePack: %x, %v\nwant %s", v, err, want)
	}
	rows := &SaleRows{}
	for i := range sales {
		rows.Add(&sales[i])
	}
	tab, err := rows.tables(model.DefaultBaseCurrency, func(string) (saleTags, error) { return saleTags{"A", "R"}, nil })
	if err != nil {
		t.Fatal(err)
	}
	packs, _, ok := packRows(rows, tab, indexOrder(rows, tab), []byte(strings.Join(ids, "")), packInfo{batch: "B1", dev: "dev", hlc0: 5, created: now}, 1<<16)
	if !ok || len(packs) != 1 || hex.EncodeToString(packs[0].v) != want {
		t.Errorf("packRows: %v %v, want one pack %s", packs, ok, want)
	}
}
