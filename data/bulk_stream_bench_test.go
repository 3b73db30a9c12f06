package data

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// BenchmarkStreamFloor100k times only the store's fastest write path, the
// stream writer, for 100,000 customers already encoded: the floor under any
// import of that size. The customers are those of app's import benchmark
// (a distributor list's columns). "records" writes the records alone;
// "indexed" adds what an import writes with them (indexes, registers).
func BenchmarkStreamFloor100k(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	var records, indexed []kv
	now := time.Now().UTC()
	for i := range 100_000 {
		c := &model.Customer{ID: model.NewID(), Name: fmt.Sprintf("杭州市明视眼镜有限公司第%d店", i), Contacts: []model.Contact{{Name: "王芳"}}, Currency: "CNY",
			Phone: fmt.Sprintf("1%d%09d", 3+r.IntN(7), i), Province: "浙江省", City: "杭州市",
			Address: fmt.Sprintf("杭州市人民路%d号", r.IntN(500)), Revenue: int64(r.IntN(900)) * 1_000_000,
			Notes: fmt.Sprintf("备注, %d", i), Created: now, Updated: now}
		v, err := marshalCustomer(c)
		if err != nil {
			b.Fatal(err)
		}
		records = append(records, kv{k: customerKey(c.ID), v: v})
		indexed = append(indexed, kv{k: customerKey(c.ID), v: v})
		for _, k := range customerIndexKeys(c) {
			indexed = append(indexed, kv{k: k})
		}
		indexed = append(indexed, kv{k: registerKey(model.KindCustomer, c.ID), v: appendStamp([]byte{compactRegMark}, uint64(i+1), "dev")})
	}
	for _, bc := range []struct {
		name string
		kvs  []kv
	}{{"records", records}, {"indexed", indexed}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := range b.N {
				b.StopTimer()
				s, err := Open(b.TempDir()+fmt.Sprint(i), Options{})
				if err != nil {
					b.Fatal(err)
				}
				list := append([]kv(nil), bc.kvs...) // byPrefix sorts in place
				b.StartTimer()
				if ok, err := s.stream(nil, [][]kv{list}, nil); err != nil || !ok {
					b.Fatal(ok, err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(len(bc.kvs)), "keys")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		})
	}
}
