package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestAssessment_FormSavesAndRadarDraws: scoring the six dimensions and
// tapping Save stores one assessment with those scores and draws the radar;
// a missing score stores nothing and says which.
func TestAssessment_FormSavesAndRadarDraws(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	c, _ := svc.Customers.Resolve("宝岛眼镜公司")
	f := newCustomerForm(u.customers, c)
	a := newAssessCard(f)
	test.NewTempWindow(t, a.content()).Resize(fyne.NewSize(600, 900))

	a.date.SetText("2026-03-15")
	for i, v := range []string{"5", "4", "4", "4", "5"} {
		a.scores[i].SetSelected(v)
	}
	test.Tap(a.save)
	if as, _ := svc.Accounts.Assessments(c.ID); len(as) != 0 {
		t.Fatalf("saved with a dimension unscored: %v", as)
	}
	if a.msg.Importance == 0 || a.msg.Text == "" {
		t.Errorf("no message about the missing score: %q", a.msg.Text)
	}
	a.scores[5].SetSelected("3")
	test.Tap(a.save)
	as, err := svc.Accounts.Assessments(c.ID)
	if err != nil || len(as) != 1 {
		t.Fatalf("%d assessments, %v", len(as), err)
	}
	want := []int{5, 4, 4, 4, 5, 3}
	for i, v := range want {
		if as[0].Scores[i] != v {
			t.Fatalf("scores %v, want %v", as[0].Scores, want)
		}
	}
	if as[0].Date != "2026-03-15" {
		t.Errorf("date %q", as[0].Date)
	}
	if a.msg.Text != "Saved: mean 4.2." { // 25/6 = 4.1666…
		t.Errorf("message %q", a.msg.Text)
	}
	select {
	case <-a.radar.rendered:
	case <-time.After(5 * time.Second):
		t.Fatal("the radar was not drawn")
	}
	if a.radar.img.Image == nil {
		t.Error("no radar picture")
	}

	// A survey with a bad date is refused; a good one is stored.
	a.vDate.SetText("2026-02-30")
	a.vScore.SetSelected("4")
	test.Tap(a.vSave)
	if vs, _ := svc.Accounts.Surveys(c.ID); len(vs) != 0 {
		t.Fatal("survey with a bad date saved")
	}
	a.vDate.SetText("2026/3/20")
	test.Type(a.vComment, "到货快")
	test.Tap(a.vSave)
	vs, _ := svc.Accounts.Surveys(c.ID)
	if len(vs) != 1 || vs[0].Score != 4 || vs[0].Date != "2026-03-20" || vs[0].Comment != "到货快" {
		t.Fatalf("surveys %+v", vs)
	}
	if n := len(a.history.Objects); n != 2 {
		t.Errorf("history shows %d entries, want 2", n)
	}
}

// TestCustomerPage_HasAccountTabs: the customer's page carries the two new tabs.
func TestCustomerPage_HasAccountTabs(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	c, _ := svc.Customers.Resolve("杨氏眼镜店")
	u.customers.open(c.ID)
	f := u.customers.detail
	var titles []string
	for _, it := range f.tabs.Items {
		titles = append(titles, it.Text)
	}
	if !containsString(titles, "Relationship") || !containsString(titles, "Key account") {
		t.Fatalf("tabs %v", titles)
	}
}
