package data

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

const benchStoreSize = 10_000

// benchCustomer is a realistic record: name, place, phone, owner, tier and
// two contacts, so a write touches every index.
func benchCustomer(r *rand.Rand, i int) *model.Customer {
	cities := []string{"杭州市", "宁波市", "上海市", "南京市", "苏州市"}
	brands := []string{"明视", "亮睛", "视界", "博士", "大光明", "吴良材"}
	city := cities[r.IntN(len(cities))]
	return &model.Customer{
		Name:      fmt.Sprintf("%s%s眼镜第%d分店", city[:len(city)-len("市")], brands[r.IntN(len(brands))], i),
		ShortName: brands[r.IntN(len(brands))], Province: "浙江", City: city, Type: "retailer",
		Phone: fmt.Sprintf("138%08d", r.IntN(100_000_000)), Owner: []string{"王伟", "李娜", "张敏"}[r.IntN(3)],
		Tier: model.Tiers[r.IntN(len(model.Tiers))], Stage: model.Stages[r.IntN(len(model.Stages))], Revenue: int64(r.IntN(1000)) * 1_000_000,
		Address: city + "中山路" + fmt.Sprint(1+r.IntN(500)) + "号",
		Contacts: []model.Contact{
			{Name: "王芳", Title: "店长", Role: "decision_maker", Phone: fmt.Sprintf("139%08d", r.IntN(100_000_000))},
			{Name: "李强", Title: "采购经理", Role: "influencer", Phone: fmt.Sprintf("137%08d", r.IntN(100_000_000))},
		},
	}
}

// benchStore opens a fresh folder holding benchStoreSize customers written
// through InsertNew (outside the timing), and returns it with their names.
func benchStore(b *testing.B) (*Store, []string) {
	b.Helper()
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	r := rand.New(rand.NewPCG(1, 2))
	cs := make([]*model.Customer, benchStoreSize)
	names := make([]string, benchStoreSize)
	for i := range cs {
		cs[i] = benchCustomer(r, i)
		names[i] = cs[i].Name
	}
	if err := s.InsertNew(cs, nil); err != nil {
		b.Fatal(err)
	}
	return s, names
}

// BenchmarkPutCustomer: one new customer in its own synced transaction with
// all its index entries, on a folder of 10,000.
func BenchmarkPutCustomer(b *testing.B) {
	s, _ := benchStore(b)
	r := rand.New(rand.NewPCG(3, 4))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := s.PutCustomer(benchCustomer(r, benchStoreSize+i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateCustomer: rewriting an existing customer (old index entries
// deleted, new ones written) in one synced transaction.
func BenchmarkUpdateCustomer(b *testing.B) {
	s, names := benchStore(b)
	ids := make([]string, 0, 100)
	for _, n := range names[:100] {
		id, err := s.CustomersByName(n)
		if err != nil || len(id) != 1 {
			b.Fatalf("%s: %v %v", n, id, err)
		}
		ids = append(ids, id[0])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c, err := s.Customer(ids[i%len(ids)])
		if err != nil {
			b.Fatal(err)
		}
		c.Tier = model.Tiers[i%len(model.Tiers)]
		c.Contacts[0].Phone = fmt.Sprintf("139%08d", i)
		if err := s.PutCustomer(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCustomerByName: an index lookup by name (as the command line
// resolves a customer reference) plus reading the record.
func BenchmarkCustomerByName(b *testing.B) {
	s, names := benchStore(b)
	r := rand.New(rand.NewPCG(5, 6))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ids, err := s.CustomersByName(names[r.IntN(len(names))])
		if err != nil || len(ids) != 1 {
			b.Fatalf("%v %v", ids, err)
		}
		if _, err := s.Customer(ids[0]); err != nil {
			b.Fatal(err)
		}
	}
}
