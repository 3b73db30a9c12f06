package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// hostileBits are what the workload's texts are made of: Chinese, emoji,
// right-to-left text, tabs and invisible characters, quotes and commas (no
// NUL or other control bytes: data.CheckRecord refuses them).
var hostileBits = []string{"备注", "宝岛眼镜", "😀", "👨‍👩‍👧", "שלום", "مرحبا", "\u3000", "\t", "\"", ",", "a", "Z", "9", "\u202e", "\u200b"}

// text is n bytes or a little more of hostile text; it never starts or ends
// with a space, which forms would trim.
func text(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 32)
	b.WriteString("始")
	for b.Len() < n {
		b.WriteString(hostileBits[r.IntN(len(hostileBits))])
	}
	b.WriteString("终")
	return b.String()
}

// noteSize: mostly short notes, often around 54 KB (above Badger's value
// threshold, where a crash once left the folder unopenable), sometimes 1–10 MB.
func noteSize(r *rand.Rand) int {
	switch x := r.IntN(20); {
	case x < 11:
		return r.IntN(200)
	case x < 18:
		return 50<<10 + r.IntN(8<<10)
	default:
		return 1<<20 + r.IntN(9<<20)
	}
}

// workload is the child's state: what it knows to be stored.
type workload struct {
	r          *rand.Rand
	dir        string
	svc        *app.Service
	customers  []string
	complaints map[string]string // id → status
	currency   string
	seq        int
}

// mixedWorkload writes until killed; it returns only on an error.
func mixedWorkload(dir string) int {
	seed, _ := strconv.ParseUint(os.Getenv("KEHU_CRASH_SEED"), 10, 64)
	w := &workload{r: rand.New(rand.NewPCG(seed, 4)), dir: dir, complaints: map[string]string{}}
	if err := w.open(); err != nil {
		fmt.Printf("OPENERR %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return 3
	}
	rows, _, err := w.svc.Customers.List(customers.Query{})
	if err != nil {
		fmt.Printf("ERR list: %v\n", err)
		return 3
	}
	for _, row := range rows {
		w.customers = append(w.customers, row.ID)
	}
	cs, _, err := w.svc.Complaints.List(complaints.Filter{})
	if err != nil {
		fmt.Printf("ERR complaints: %v\n", err)
		return 3
	}
	for _, c := range cs {
		w.complaints[c.ID] = c.Status
	}
	if w.currency, err = w.svc.Sales.BaseCurrency(); err != nil {
		fmt.Printf("ERR currency: %v\n", err)
		return 3
	}
	fmt.Println("READY")
	for {
		w.seq++
		var err error
		switch x := w.r.IntN(100); {
		case x < 5:
			// As the CLI does between commands: close (GC, compaction) and open.
			if err = w.svc.Close(); err == nil {
				err = w.open()
			}
		case x < 30 || len(w.customers) == 0:
			err = w.addCustomer()
		case x < 55:
			err = w.setCustomer()
		case x < 68:
			err = w.addInteraction()
		case x < 81:
			err = w.addSale()
		case x < 88:
			err = w.addComplaint()
		case x < 96:
			err = w.updateComplaint()
		default:
			err = w.importSmall()
		}
		if err != nil {
			fmt.Printf("ERR %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
			return 1
		}
	}
}

func (w *workload) open() error {
	svc, err := app.Open(w.dir)
	w.svc = svc
	return err
}

func (w *workload) pick() string { return w.customers[w.r.IntN(len(w.customers))] }

func big(n int) string {
	if n >= 1<<20 {
		return " big"
	}
	return ""
}

func (w *workload) addCustomer() error {
	n := noteSize(w.r)
	c := &model.Customer{Name: fmt.Sprintf("客户%d-%d😀", w.r.Uint32(), w.seq), Notes: text(w.r, n),
		Tier: model.Tiers[w.r.IntN(len(model.Tiers))], City: text(w.r, 6)}
	s := customerSum(c)
	fmt.Printf("BEGIN add c/ %s\n", s)
	if _, err := w.svc.Customers.Add(c); err != nil {
		return fmt.Errorf("add customer: %w", err)
	}
	w.customers = append(w.customers, c.ID)
	return w.ack("c/"+c.ID, s, func() (string, error) {
		got, err := w.svc.Customers.Get(c.ID)
		if err != nil {
			return "", err
		}
		return customerSum(got), nil
	}, big(n))
}

func (w *workload) setCustomer() error {
	c, err := w.svc.Customers.Get(w.pick())
	if err != nil {
		return fmt.Errorf("customer: %w", err)
	}
	n := noteSize(w.r)
	c.Notes, c.Tier, c.City = text(w.r, n), model.Tiers[w.r.IntN(len(model.Tiers))], text(w.r, 4)
	s := customerSum(c)
	fmt.Printf("BEGIN set c/%s %s\n", c.ID, s)
	if _, err := w.svc.Customers.Update(c); err != nil {
		return fmt.Errorf("update customer: %w", err)
	}
	return w.ack("c/"+c.ID, s, func() (string, error) {
		got, err := w.svc.Customers.Get(c.ID)
		if err != nil {
			return "", err
		}
		return customerSum(got), nil
	}, big(n))
}

func (w *workload) addInteraction() error {
	in := &model.Interaction{CustomerID: w.pick(), Kind: "visit", Date: time.Now(), Summary: text(w.r, w.r.IntN(300))}
	if w.r.IntN(2) == 0 {
		in.FollowUp = fmt.Sprintf("2027-%02d-%02d", 1+w.r.IntN(12), 1+w.r.IntN(28))
	}
	s := interactionSum(in)
	fmt.Printf("BEGIN add i/ %s\n", s)
	if err := w.svc.Customers.AddInteraction(in); err != nil {
		return fmt.Errorf("add interaction: %w", err)
	}
	return w.ack("i/"+in.ID, s, func() (string, error) {
		ins, err := w.svc.Customers.Interactions(in.CustomerID)
		for _, got := range ins {
			if got.ID == in.ID {
				return interactionSum(got), nil
			}
		}
		return "missing", err
	}, "")
}

func (w *workload) addSale() error {
	sale := &model.Sale{CustomerID: w.pick(), Date: fmt.Sprintf("2025-%02d-%02d", 1+w.r.IntN(12), 1+w.r.IntN(28)),
		Product: "镜片" + strconv.Itoa(w.r.IntN(5)), Quantity: 1 + w.r.Int64N(50), Amount: w.r.Int64N(10_000_000),
		Currency: w.currency, Note: text(w.r, w.r.IntN(100))}
	s := saleSum(sale)
	fmt.Printf("BEGIN add s/ %s\n", s)
	if err := w.svc.Sales.Add(sale); err != nil {
		return fmt.Errorf("add sale: %w", err)
	}
	return w.ack("s/"+sale.ID, s, func() (string, error) {
		got, err := w.svc.Sales.Get(sale.ID)
		if err != nil {
			return "", err
		}
		return saleSum(got), nil
	}, "")
}

func (w *workload) addComplaint() error {
	c := &model.Complaint{CustomerID: w.pick(), Category: "delivery", Severity: "high", Channel: "phone", Text: text(w.r, 1+w.r.IntN(2000))}
	want := *c
	want.Status = "new"
	s := complaintSum(&want)
	fmt.Printf("BEGIN add k/ %s\n", s)
	if err := w.svc.Complaints.Add(c, "测试"); err != nil {
		return fmt.Errorf("add complaint: %w", err)
	}
	w.complaints[c.ID] = "new"
	return w.ack("k/"+c.ID, s, w.complaintSum(c.ID), "")
}

// next moves a complaint one step along its workflow.
var next = map[string][2]string{
	"new": {"acknowledged", "acknowledged"}, "acknowledged": {"in_progress", "in_progress"},
	"in_progress": {"resolved", "resolved"}, "resolved": {"closed", "closed"}, "closed": {"reopened", "in_progress"},
}

func (w *workload) updateComplaint() error {
	if len(w.complaints) == 0 {
		return w.addComplaint()
	}
	var id string
	for id = range w.complaints {
		break
	}
	row, err := w.svc.Complaints.Get(id)
	if err != nil {
		return fmt.Errorf("complaint: %w", err)
	}
	step := next[row.Status]
	ch := complaints.Change{Status: step[0], Note: text(w.r, 1+w.r.IntN(200)), By: "测试"}
	want := *row.Complaint
	want.Status = step[1]
	if step[0] == "resolved" {
		ch.Resolution = text(w.r, 20)
		want.Resolution = ch.Resolution
	}
	want.History = append(want.History, model.Event{Kind: "note", Note: ch.Note})
	s := complaintSum(&want)
	fmt.Printf("BEGIN set k/%s %s\n", id, s)
	if _, err := w.svc.Complaints.Update(id, ch); err != nil {
		return fmt.Errorf("update complaint %s from %s: %w", id, row.Status, err)
	}
	w.complaints[id] = step[1]
	return w.ack("k/"+id, s, w.complaintSum(id), "")
}

func (w *workload) complaintSum(id string) func() (string, error) {
	return func() (string, error) {
		row, err := w.svc.Complaints.Get(id)
		if err != nil {
			return "", err
		}
		return complaintSum(row.Complaint), nil
	}
}

// importSmall imports 20 new customers named PREFIX#k: one batch.
func (w *workload) importSmall() error {
	prefix := fmt.Sprintf("导入%d-%d", w.r.Uint32(), w.seq)
	const rows = 20
	var b strings.Builder
	b.WriteString("客户名称,城市,备注\n")
	for k := range rows {
		fmt.Fprintf(&b, "%s#%d,杭州市,\"%s\"\n", prefix, k, strings.ReplaceAll(text(w.r, 60), "\"", "\"\""))
	}
	f := filepath.Join(filepath.Dir(w.dir), prefix+".csv")
	if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
		return err
	}
	defer os.Remove(f)
	fmt.Printf("BEGIN import %s %d\n", prefix, rows)
	sum, err := w.svc.Customers.ImportFile(context.Background(), f, customers.ImportOptions{})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if sum.New != rows {
		return fmt.Errorf("import: %d new of %d rows", sum.New, rows)
	}
	fmt.Printf("IMPORTED %s\n", prefix)
	return nil
}

// ack reads the record back and prints ACK once it is what was written.
func (w *workload) ack(key, s string, read func() (string, error), note string) error {
	got, err := read()
	if err != nil {
		return fmt.Errorf("read back %s: %w", key, err)
	}
	if got != s {
		fmt.Printf("MISMATCH %s wrote %s read %s\n", key, s, got)
		return fmt.Errorf("read back %s differs", key)
	}
	fmt.Printf("ACK %s %s%s\n", key, s, note)
	return nil
}
