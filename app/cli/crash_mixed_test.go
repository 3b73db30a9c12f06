package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// TestMixedWritesKilled runs a mixed workload in a child process — customers
// added and changed with notes up to 10 MB, interactions, sales, complaints
// opened and moved along, small imports, the store closed and reopened now
// and then as the CLI does — and kills it with SIGKILL at a random moment.
// The child prints "ACK key checksum" only after a write has returned, and
// "BEGIN key checksum" before it. After each kill the folder must open, check
// clean, hold every acknowledged write exactly, and nothing else but the one
// write under way (whole or absent; an import all of its rows or none).
// KEHU_CRASH_TRIALS sets the number of kills (4 by default).
func TestMixedWritesKilled(t *testing.T) {
	if dir := os.Getenv("KEHU_CRASH_MIXED"); dir != "" {
		os.Exit(mixedWorkload(dir))
	}
	if testing.Short() {
		t.Skip("kills a writing process; not in -short")
	}
	trials := 4
	if n, err := strconv.Atoi(os.Getenv("KEHU_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	dir := filepath.Join(t.TempDir(), "客户 数据")
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	want := map[string]string{} // key → checksum of every record known to be stored
	var st crashStats
	start := time.Now()
	for trial := range trials {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestMixedWritesKilled$")
		cmd.Env = append(os.Environ(), "KEHU_CRASH_MIXED="+dir, fmt.Sprintf("KEHU_CRASH_SEED=%d", r.Uint64()))
		var out, errb bytes.Buffer
		ready := make(chan struct{})
		cmd.Stdout, cmd.Stderr = &readyWriter{w: &out, ready: ready}, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// One kill in five lands anywhere from start-up (opening the folder,
		// rolling back the last kill); the others once the workload writes.
		if r.IntN(5) > 0 {
			select {
			case <-ready:
			case <-time.After(2 * time.Minute):
			}
		}
		time.Sleep(time.Duration(r.IntN(2500)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		cancel()
		if cmd.ProcessState.Exited() {
			t.Fatalf("trial %d: the workload ended by itself (%v) before the kill:\n%s\n%s", trial, cmd.ProcessState, tail(out.String()), errb.String())
		}
		st.kills++
		if err := verifyKilled(dir, out.String(), want, &st); err != nil {
			t.Fatalf("trial %d: %v\nlast output:\n%s", trial, err, tail(out.String()))
		}
	}
	t.Logf("%d trials, %d kills, %d acknowledged writes (%d of them notes ≥ 1 MB), %d lost; write under way at the kill: %d landed whole, %d absent; %v",
		trials, st.kills, st.acked, st.big, st.lost, st.landed, st.absent, time.Since(start).Round(time.Second))
}

// readyWriter passes the child's output on and closes ready at its first
// line saying it writes.
type readyWriter struct {
	w     *bytes.Buffer
	ready chan struct{}
	seen  bool
}

func (r *readyWriter) Write(p []byte) (int, error) {
	r.w.Write(p)
	if !r.seen && bytes.Contains(r.w.Bytes(), []byte("READY\n")) {
		r.seen = true
		close(r.ready)
	}
	return len(p), nil
}

type crashStats struct{ kills, acked, big, lost, landed, absent int }

// sum is the checksum of a record's fields that the workload sets.
func sum(fields ...string) string {
	h := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(h[:8])
}

func customerSum(c *model.Customer) string { return sum(c.Name, c.Notes, c.Tier, c.City) }

func interactionSum(in *model.Interaction) string {
	return sum(in.CustomerID, in.Kind, in.Summary, in.FollowUp)
}

func saleSum(s *model.Sale) string {
	return sum(s.CustomerID, s.Date, s.Product, strconv.FormatInt(s.Amount, 10), s.Currency, s.Note)
}

func complaintSum(c *model.Complaint) string {
	note := ""
	for _, e := range c.History {
		if e.Kind == "note" {
			note = e.Note
		}
	}
	return sum(c.CustomerID, c.Status, c.Text, c.Resolution, note)
}

// stored reads every record of the folder as key → checksum, and the
// customers' names by key.
func stored(svc *app.Service) (map[string]string, map[string]string, error) {
	got, names := map[string]string{}, map[string]string{}
	rows, _, err := svc.Customers.List(customers.Query{})
	if err != nil {
		return nil, nil, err
	}
	for _, row := range rows {
		c, err := svc.Customers.Get(row.ID)
		if err != nil {
			return nil, nil, err
		}
		got["c/"+c.ID], names["c/"+c.ID] = customerSum(c), c.Name
		ins, err := svc.Customers.Interactions(c.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, in := range ins {
			got["i/"+in.ID] = interactionSum(in)
		}
	}
	if err := svc.Sales.Each(func(s *model.Sale) error { got["s/"+s.ID] = saleSum(s); return nil }); err != nil {
		return nil, nil, err
	}
	cs, _, err := svc.Complaints.List(complaints.Filter{})
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cs {
		got["k/"+c.ID] = complaintSum(c.Complaint)
	}
	return got, names, nil
}

// verifyKilled replays the child's output onto want, opens the folder and
// compares; on success want becomes what is stored.
func verifyKilled(dir, out string, want map[string]string, st *crashStats) error {
	var (
		// pending is the last BEGIN without its ACK: "set KEY SUM",
		// "add KIND/ SUM" or "import PREFIX ROWS".
		pending           []string
		imports           = map[string]bool{}
		prefixRows, acked = map[string]int{}, map[string]bool{}
	)
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "BEGIN":
			pending = f[1:]
			if f[1] == "import" {
				imports[f[2]] = true
				prefixRows[f[2]], _ = strconv.Atoi(f[3])
			}
		case "ACK":
			want[f[1]] = f[2]
			st.acked++
			if len(f) > 3 && f[3] == "big" {
				st.big++
			}
			pending = nil
		case "IMPORTED":
			acked[f[1]] = true
			st.acked++
			pending = nil
		case "FAIL":
			pending = nil
		case "OPENERR", "MISMATCH", "ERR":
			return fmt.Errorf("the workload said: %s", line)
		}
	}
	svc, err := app.Open(dir)
	if err != nil {
		return fmt.Errorf("reopen after the kill: %w", err)
	}
	defer svc.Close()
	if p, err := svc.Check(); err != nil || len(p) > 0 {
		return fmt.Errorf("check after the kill: %v %v", err, p)
	}
	got, names, err := stored(svc)
	if err != nil {
		return err
	}
	for k, w := range want {
		g, ok := got[k]
		switch {
		case ok && g == w:
		case ok && len(pending) == 3 && pending[0] == "set" && pending[1] == k && g == pending[2]:
			st.landed++ // the change under way landed whole
			pending = nil
		default:
			st.lost++
			return fmt.Errorf("%s: stored %q (present %v), acknowledged %q", k, g, ok, w)
		}
	}
	// Everything stored beyond what was acknowledged must be the one add
	// under way, or rows of an import (all of them or none).
	perPrefix := map[string]int{}
	for k := range got {
		if _, ok := want[k]; ok {
			continue
		}
		if p := importPrefix(names[k], imports); p != "" {
			perPrefix[p]++
			continue
		}
		if len(pending) == 3 && pending[0] == "add" && k[:2] == pending[1] && got[k] == pending[2] {
			st.landed++
			pending = nil
			continue
		}
		return fmt.Errorf("%s (%q) is stored but was never acknowledged nor under way (pending %v)", k, names[k], pending)
	}
	for p := range imports {
		n := perPrefix[p]
		if acked[p] && n != prefixRows[p] {
			return fmt.Errorf("import %s: %d of %d rows after it was acknowledged", p, n, prefixRows[p])
		}
		if n != 0 && n != prefixRows[p] {
			return fmt.Errorf("import %s: a partial batch is visible: %d of %d rows", p, n, prefixRows[p])
		}
		if !acked[p] && n == prefixRows[p] {
			st.landed++
			pending = nil
		}
	}
	if pending != nil {
		st.absent++
	}
	clear(want)
	for k, v := range got {
		want[k] = v
	}
	return nil
}

func importPrefix(name string, imports map[string]bool) string {
	p, _, ok := strings.Cut(name, "#")
	if ok && imports[p] {
		return p
	}
	return ""
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}
