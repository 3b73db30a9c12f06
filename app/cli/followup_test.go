package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// TestFollowUpCommands on 2026-06-10: follow-ups due 06-01 and 06-05
// (overdue 9 and 5 days), 06-10 (due today: not yet overdue), and an
// interaction without one.
func TestFollowUpCommands(t *testing.T) {
	dir := t.TempDir()
	now := setNow(t, "2026-06-10T12:00:00Z")
	addCustomer(t, dir, "宝岛眼镜公司")
	svc, err := app.OpenWith(dir, app.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Customers.Resolve("宝岛眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range []string{"2026-06-01", "2026-06-05", "2026-06-10", ""} {
		in := &model.Interaction{CustomerID: c.ID, Kind: "visit", Date: time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC), Summary: "拜访" + d, FollowUp: d}
		if err := svc.Customers.AddInteraction(in); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, in.ID)
	}
	svc.Close()

	list := func() (due []string, days []float64) {
		t.Helper()
		var rows []map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, dir, "followup", "list", "--format", "json")), &rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r["customer"] != "宝岛眼镜公司" {
				t.Errorf("row %v", r)
			}
			due, days = append(due, r["follow_up"].(string)), append(days, r["days_overdue"].(float64))
		}
		return due, days
	}
	if due, days := list(); strings.Join(due, " ") != "2026-06-01 2026-06-05" || days[0] != 9 || days[1] != 5 {
		t.Fatalf("overdue %v %v", due, days)
	}
	mustRun(t, dir, "followup", "done", ids[0])
	if due, _ := list(); strings.Join(due, " ") != "2026-06-05" {
		t.Fatalf("after done: %v", due)
	}
	mustRun(t, dir, "followup", "done", ids[0], "--undo")
	if due, _ := list(); len(due) != 2 {
		t.Fatalf("after undo: %v", due)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"followup", "done", ids[3]}, 1, "no follow-up"},
		{[]string{"followup", "done", "nosuchid"}, 1, "nosuchid"},
		{[]string{"followup", "done"}, 2, "followup list"},
		{[]string{"followup"}, 2, "done"},
	} {
		if code, _, errOut := run(t, dir, tc.args...); code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%v: exit %d %q", tc.args, code, errOut)
		}
	}
	mustRun(t, dir, "followup", "done", ids[1])
	if out := mustRun(t, dir, "check"); !strings.Contains(out, "no problems found") {
		t.Errorf("check: %s", out)
	}
}
