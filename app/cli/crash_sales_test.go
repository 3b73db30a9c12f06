package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app"
)

// TestSalesImportKilled kills `kehu import sales` of a 100,000-row file,
// which writes its sales packed and streamed, at a random moment, then
// opens the folder: the sales and customers are the old ones or old + the
// whole file, never in between, and the store checks clean (the rollups
// agree with the sales). KEHU_CRASH_TRIALS sets how many kills.
func TestSalesImportKilled(t *testing.T) {
	if os.Getenv("KEHU_CRASH_SALES") != "" {
		os.Exit(Main([]string{"import", "sales", os.Getenv("KEHU_CRASH_FILE"), "--data", os.Getenv("KEHU_CRASH_SALES"), "--lang", "en"}, os.Stdout, os.Stderr, nil))
	}
	if testing.Short() {
		t.Skip("kills a 100,000-row import; not in -short")
	}
	const rows, shops = 100_000, 2_000
	trials := 1
	if n, err := strconv.Atoi(os.Getenv("KEHU_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	var b strings.Builder
	b.WriteString("日期,客户名称,产品,数量,金额\n")
	for i := range rows {
		fmt.Fprintf(&b, "2024-%02d-%02d,杭州第%d眼镜店,护理液,%d,%d.%02d\n", 1+i%12, 1+i%28, i%shops, 1+i%9, 100+i%5000, i%100)
	}
	file := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := demoDir(t)
	state := func() (sales, customers int) {
		t.Helper()
		svc, err := app.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		if problems, err := svc.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("check: %v %v", err, problems)
		}
		sales, err1 := svc.Sales.Count()
		customers, err2 := svc.Customers.Count()
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		return sales, customers
	}
	oldSales, oldCustomers := state()
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	outcomes := map[string]int{}
	for trial := range trials {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSalesImportKilled$")
		cmd.Env = append(os.Environ(), "KEHU_CRASH_SALES="+dir, "KEHU_CRASH_FILE="+file)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100*time.Millisecond + time.Duration(r.Int64N(int64(4*time.Second))))
		cmd.Process.Kill()
		cmd.Wait()
		sales, customers := state()
		switch {
		case sales == oldSales && customers == oldCustomers:
			outcomes["nothing"]++
		case sales == oldSales+rows && (customers == oldCustomers+shops || trial > 0 && customers == oldCustomers):
			outcomes["whole batch"]++
			oldSales, oldCustomers = sales, customers
		default:
			t.Fatalf("trial %d: %d sales, %d customers after kill; want %d, %d or the whole file more", trial, sales, customers, oldSales, oldCustomers)
		}
	}
	t.Logf("%d kills: %v", trials, outcomes)
}
