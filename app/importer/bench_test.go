package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

const benchRows = 100_000

// benchCSV is a 100,000-row UTF-8 customer CSV (about 12 MB), made once.
var benchCSV = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"客户名称", "简称", "客户类型", "联系人", "电话", "邮箱", "省份", "城市", "地址", "年销售额(万元)", "负责人", "备注"})
	provinces := []string{"浙江", "江苏", "上海", "广东", "山东"}
	cities := []string{"杭州", "南京", "上海", "广州", "济南"}
	types := []string{"连锁店", "批发商", "代理商", "零售店"}
	for i := 0; i < benchRows; i++ {
		p := i % len(provinces)
		_ = w.Write([]string{
			fmt.Sprintf("测试眼镜有限公司%06d", i),
			fmt.Sprintf("测试%d", i),
			types[i%len(types)],
			fmt.Sprintf("联系人%d", i%997),
			fmt.Sprintf("138%08d", i),
			fmt.Sprintf("c%d@example.com", i),
			provinces[p],
			cities[p],
			fmt.Sprintf("%s市某某区某某路%d号, %d室", cities[p], i%500, i%40),
			fmt.Sprintf("%d.%02d", i%900, i%100),
			fmt.Sprintf("业务员%d", i%23),
			"",
		})
	}
	w.Flush()
	return buf.Bytes()
})

// BenchmarkRead100k reads a 100,000-row customer CSV from disk.
func BenchmarkRead100k(b *testing.B) {
	data := benchCSV()
	path := filepath.Join(b.TempDir(), "customers-100k.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tab, err := Read(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(tab.Rows) != benchRows {
			b.Fatalf("%d rows", len(tab.Rows))
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
