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

// writeBigCSV writes an n-row distributor list.
func writeBigCSV(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("客户名称,联系人,电话,城市,年销售额(万元)\n")
	for i := range n {
		fmt.Fprintf(&b, "杭州第%d眼镜店,王%d,139%08d,杭州市,%d\n", i, i%100, i, i%900)
	}
	p := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportKilled kills `kehu import customers` of a 200,000-row list with
// SIGKILL at a random moment, then opens the folder: the customer count is
// the old one or old + 200,000, never in between, and the store checks clean.
// KEHU_CRASH_TRIALS sets how many kills (default 1; `make crashtest` runs more).
func TestImportKilled(t *testing.T) {
	if os.Getenv("KEHU_CRASH_CHILD") != "" {
		os.Exit(Main([]string{"import", "customers", os.Getenv("KEHU_CRASH_FILE"), "--data", os.Getenv("KEHU_CRASH_CHILD"), "--lang", "en"}, os.Stdout, os.Stderr, nil))
	}
	if testing.Short() {
		t.Skip("kills a 200,000-row import; not in -short")
	}
	const rows = 200_000
	trials := 1
	if n, err := strconv.Atoi(os.Getenv("KEHU_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	file := writeBigCSV(t, rows)
	dir := demoDir(t)
	old := count(t, dir)
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	child := func(dir string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilled$")
		cmd.Env = append(os.Environ(), "KEHU_CRASH_CHILD="+dir, "KEHU_CRASH_FILE="+file)
		return cmd
	}
	// Anywhere from reading the file to a little past the commit: with many
	// trials, one whole import first says how long that is on this machine
	// now (a fixed window missed the commit on a loaded machine).
	window := 8 * time.Second
	if trials > 1 {
		start := time.Now()
		if out, err := child(demoDir(t)).CombinedOutput(); err != nil {
			t.Fatalf("uninterrupted import: %v\n%s", err, out)
		}
		window = time.Since(start) * 11 / 10
		t.Logf("an uninterrupted import takes %v", time.Since(start).Round(time.Millisecond))
	}
	outcomes := map[string]int{}
	for trial := range trials {
		cmd := child(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200*time.Millisecond + time.Duration(r.Int64N(int64(window))))
		cmd.Process.Kill()
		cmd.Wait()

		n := count(t, dir)
		switch n {
		case old:
			outcomes["nothing"]++
		case old + rows:
			outcomes["whole batch"]++
			old = n // the next trial's rows merge into these
		default:
			t.Fatalf("trial %d: %d customers after kill, want %d or %d", trial, n, old, old+rows)
		}
		svc, err := app.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		problems, err := svc.Check()
		svc.Close()
		if err != nil || len(problems) > 0 {
			t.Fatalf("trial %d: check: %v %v", trial, err, problems)
		}
	}
	t.Logf("%d kills: %v", trials, outcomes)
}

func count(t *testing.T, dir string) int {
	t.Helper()
	svc, err := app.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	n, err := svc.Customers.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
