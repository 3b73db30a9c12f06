package views

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
)

// analysisFixture: three complaints whose service times are easy to compute
// by hand (targets: high 4 h / 3 d, medium 1 d / 7 d, low 3 d / 14 d).
//
//	A high quality   03-03: acknowledged after 3 h, resolved after 48 h, rated 4 (both in time)
//	B medium delivery 04-01: acknowledged after 30 h, resolved after 200 h, rated 2 (both late)
//	C low quality    04-02: new, one hour old
func analysisFixture(t *testing.T, svc *app.Service) {
	t.Helper()
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.Local)
	svc.SetClock(func() time.Time { return now })
	cu, err := svc.Customers.Resolve("宝岛眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	add := func(at time.Time, cat, sev string) string {
		now = at
		c := &model.Complaint{CustomerID: cu.ID, Category: cat, Severity: sev, Channel: "phone", Text: "镜片有划痕"}
		if err := svc.Complaints.Add(c, "王芳"); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	upd := func(at time.Time, id string, ch complaints.Change) {
		now = at
		if _, err := svc.Complaints.Update(id, ch); err != nil {
			t.Fatal(err)
		}
	}
	a0 := now
	a := add(a0, "quality", "high")
	upd(a0.Add(3*time.Hour), a, complaints.Change{Status: "acknowledged"})
	upd(a0.Add(48*time.Hour), a, complaints.Change{Status: "resolved", Resolution: "换货", Satisfaction: 4})
	b0 := time.Date(2025, 4, 1, 9, 0, 0, 0, time.Local)
	b := add(b0, "delivery", "medium")
	upd(b0.Add(30*time.Hour), b, complaints.Change{Status: "acknowledged"})
	upd(b0.Add(200*time.Hour), b, complaints.Change{Status: "resolved", Resolution: "补发", Satisfaction: 2})
	c0 := time.Date(2025, 4, 10, 9, 0, 0, 0, time.Local)
	add(c0, "quality", "low")
	now = c0.Add(time.Hour)
}

// TestComplaintAnalysis_ShowsHandComputedNumbers opens the analysis tab on
// the fixture and reads the numbers as the user sees them.
func TestComplaintAnalysis_ShowsHandComputedNumbers(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	analysisFixture(t, svc)
	onTest(func() { u.showScreen("Complaints") })
	s := u.complaints
	s.tabs.SelectIndex(1)
	a := s.analysis
	a.renders.Wait()

	if got := a.summary.Text; got != "3 complaints, 1 open, 0 overdue" {
		t.Errorf("summary %q", got)
	}
	want := map[string]string{
		// response: (3 h + 30 h) / 2; targets (4 h + 24 h) / 2; A in time, B late
		"response.n": "2", "response.avg": "16.5 h", "response.median": "16.5 h", "response.target": "14.0 h", "response.share": "50.0%",
		// handling: (48 h + 200 h) / 2 = 124 h = 5.2 d; targets (72 h + 168 h) / 2 = 5 d
		"handling.n": "2", "handling.avg": "5.2 d", "handling.median": "5.2 d", "handling.target": "5.0 d", "handling.share": "50.0%",
	}
	for k, v := range want {
		if got := a.cells[k].Text; got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := a.sat.Text; got != "3.0 of 5 (2 ratings)" {
		t.Errorf("satisfaction %q", got)
	}

	// The charts: bars of 2, 1, 0, 0, 0 by category, a line over March and April.
	cat, month := a.byCat.ch, a.byMonth.ch
	if cat == nil || month == nil {
		t.Fatal("no charts")
	}
	var counts []int64
	for _, p := range cat.Series[0].Points {
		counts = append(counts, p.Value)
	}
	if len(counts) != 5 || counts[0] != 2 || counts[1] != 1 || counts[2]+counts[3]+counts[4] != 0 {
		t.Errorf("by category %v", counts)
	}
	if pts := month.Series[0].Points; !month.Line || len(pts) != 2 || pts[0].Label != "2025-03" || pts[0].Value != 1 || pts[1].Value != 2 {
		t.Errorf("by month %+v", month)
	}
	for _, v := range []*complaintChartView{a.byCat, a.byMonth} {
		if v.img.Image == nil || v.img.Image.Bounds().Dx() < 300 {
			t.Errorf("chart not drawn at the widget's size: %v", v.img.Image)
		}
	}

	// Export: the by-category chart as PNG, the by-month one as PDF.
	dir := t.TempDir()
	cs := a.choices()
	if len(cs) < 4 || cs[0].by != "category" || cs[1].by != "month" {
		t.Fatalf("choices %d", len(cs))
	}
	a.exportTo(cs[0].chart, filepath.Join(dir, "c.png"))
	if err := <-a.exported; err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "c.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() != 1200 {
		t.Errorf("exported PNG: %v", err)
	}
	a.exportTo(cs[1].chart, filepath.Join(dir, "m.pdf"))
	if err := <-a.exported; err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "m.pdf")); len(b) < 1000 || string(b[:5]) != "%PDF-" {
		t.Errorf("exported PDF: %d bytes", len(b))
	}
}

// TestComplaintAnalysis_Empty says what to do when there is nothing to analyse.
func TestComplaintAnalysis_Empty(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	onTest(func() { u.showScreen("Complaints") })
	u.complaints.tabs.SelectIndex(1)
	a := u.complaints.analysis
	a.renders.Wait()
	if a.body.Visible() || !a.empty.Visible() {
		t.Error("empty analysis shows charts")
	}
	test.Tap(u.complaints.analysis.export) // nothing to export: no dialog, no panic
}

// TestCustomerPage_ListsComplaints: the customer's page has a Complaints tab
// listing that customer's complaints, newest first; tapping one opens it on
// the complaints screen.
func TestCustomerPage_ListsComplaints(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	analysisFixture(t, svc)
	cu, _ := svc.Customers.Resolve("宝岛眼镜公司")
	u.customers.open(cu.ID)
	card := newCustomerComplaintsCard(u.customers.detail)
	list, ok := card.(*fyne.Container).Objects[0].(*widget.List)
	if !ok {
		t.Fatalf("no list: %T", card.(*fyne.Container).Objects[0])
	}
	if n := list.Length(); n != 3 {
		t.Fatalf("%d complaints listed", n)
	}
	list.Select(0)
	s := u.complaints
	if u.screens[u.current].title != "Complaints" || s.detail == nil {
		t.Fatal("tapping did not open the complaint")
	}
	if r, _ := svc.Complaints.Get(s.sel); r == nil || r.Severity != "low" {
		t.Errorf("opened %v, want the newest (low) complaint", r)
	}
}
