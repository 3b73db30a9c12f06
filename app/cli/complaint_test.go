package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// addCustomer adds a customer and returns its id.
func addCustomer(t *testing.T, dir, name string) string {
	t.Helper()
	return strings.TrimSpace(mustRun(t, dir, "customer", "add", "--name", name))
}

// TestComplaintRoundTrip walks one complaint through its whole workflow with
// the clock set by setNow and checks the times in the report and every
// change in the history.
func TestComplaintRoundTrip(t *testing.T) {
	dir := t.TempDir()
	addCustomer(t, dir, "宝岛眼镜公司")
	setNow(t, "2025-03-03T09:00:00Z")
	id := strings.TrimSpace(mustRun(t, dir, "complaint", "add", "--customer", "宝岛眼镜公司", "--category", "quality",
		"--severity", "high", "--channel", "phone", "--text", "一批绮美季抛镜片有划痕", "--contact", "李娜", "--assignee", "王芳", "--by", "张伟"))
	if len(id) != 26 {
		t.Fatalf("id %q", id)
	}
	steps := []struct {
		at   string
		args []string
	}{
		{"2025-03-03T12:00:00Z", []string{"--status", "acknowledged"}},                                            // response 3 h
		{"2025-03-03T13:30:00Z", []string{"--status", "in_progress", "--note", "已联系仓库"}},                          //
		{"2025-03-05T09:00:00Z", []string{"--status", "resolved", "--resolution", "整批换货", "--satisfaction", "4"}}, // handling 48 h
		{"2025-03-06T09:00:00Z", []string{"--status", "closed"}},
	}
	for _, s := range steps {
		setNow(t, s.at)
		out := mustRun(t, dir, append([]string{"complaint", "update", id, "--by", "王芳"}, s.args...)...)
		if !strings.HasPrefix(out, "Complaint "+id+" is now ") {
			t.Errorf("update said %q", out)
		}
	}

	var list []map[string]any
	out := mustRun(t, dir, "complaint", "list", "--format", "json")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("list: %v %s", err, out)
	}
	want := map[string]any{"id": id, "customer": "宝岛眼镜公司", "category": "quality", "severity": "high", "status": "closed",
		"opened_at": "2025-03-03T09:00:00Z", "resolved_at": "2025-03-05T09:00:00Z", "satisfaction": float64(4)}
	if len(list[0]) != len(want) {
		t.Errorf("keys: %v", list[0])
	}
	for k, v := range want {
		if list[0][k] != v {
			t.Errorf("list %s = %#v, want %#v", k, list[0][k], v)
		}
	}
	if !strings.HasPrefix(out, `[
  {"id": `) {
		t.Errorf("key order: %.40s", out)
	}

	var report []map[string]any
	out = mustRun(t, dir, "report", "complaints", "--format", "json")
	if err := json.Unmarshal([]byte(out), &report); err != nil || len(report) != 5 {
		t.Fatalf("report: %v %s", err, out)
	}
	q := report[0]
	for k, v := range map[string]any{"group": "quality", "complaints": 1.0, "open": 0.0, "overdue": 0.0, "acknowledged": 1.0,
		"avg_response_hours": 3.0, "median_response_hours": 3.0, "response_target_hours": 4.0, "response_within_target": 1.0,
		"resolved": 1.0, "avg_handling_hours": 48.0, "median_handling_hours": 48.0, "handling_target_hours": 72.0,
		"resolved_within_target": 1.0, "avg_satisfaction": 4.0} {
		if q[k] != v {
			t.Errorf("report %s = %#v, want %#v", k, q[k], v)
		}
	}
	if report[1]["group"] != "delivery" || report[1]["complaints"] != 0.0 || report[1]["avg_response_hours"] != nil {
		t.Errorf("empty group: %v", report[1])
	}
	out = mustRun(t, dir, "report", "complaints", "--by", "customer", "--format", "json")
	if !strings.Contains(out, `"group": "宝岛眼镜公司"`) {
		t.Errorf("by customer: %s", out)
	}
	out = mustRun(t, dir, "report", "complaints", "--by", "month", "--format", "json")
	if !strings.Contains(out, `"group": "2025-03"`) {
		t.Errorf("by month: %s", out)
	}

	// Every change is in the history, with who and when.
	var shown struct {
		Status        string
		ResponseHours float64 `json:"response_hours"`
		HandlingHours float64 `json:"handling_hours"`
		History       []struct{ At, Who, Kind, From, To, Note string }
	}
	out = mustRun(t, dir, "complaint", "show", id, "--format", "json")
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range shown.History {
		got = append(got, e.At+" "+e.Who+" "+e.Kind+" "+e.From+">"+e.To+" "+e.Note)
	}
	wantHist := []string{
		"2025-03-03T09:00:00Z 张伟 opened >new ",
		"2025-03-03T12:00:00Z 王芳 status new>acknowledged ",
		"2025-03-03T13:30:00Z 王芳 status acknowledged>in_progress ",
		"2025-03-03T13:30:00Z 王芳 note > 已联系仓库",
		"2025-03-05T09:00:00Z 王芳 resolution > 整批换货",
		"2025-03-05T09:00:00Z 王芳 status in_progress>resolved ",
		"2025-03-05T09:00:00Z 王芳 satisfaction >4 ",
		"2025-03-06T09:00:00Z 王芳 status resolved>closed ",
	}
	if strings.Join(got, "\n") != strings.Join(wantHist, "\n") {
		t.Errorf("history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantHist, "\n"))
	}
	if shown.ResponseHours != 3 || shown.HandlingHours != 48 {
		t.Errorf("show: response %v handling %v", shown.ResponseHours, shown.HandlingHours)
	}
	out = mustRun(t, dir, "complaint", "show", id)
	for _, s := range []string{"宝岛眼镜公司", "3.00 h (target 4.00 h)", "已联系仓库", "整批换货"} {
		if !strings.Contains(out, s) {
			t.Errorf("show table lacks %q:\n%s", s, out)
		}
	}
	if out := mustRun(t, dir, "check"); !strings.Contains(out, "OK") {
		t.Errorf("check: %s", out)
	}
}

// TestComplaintErrors: each invalid input is one clear line and exit 1.
func TestComplaintErrors(t *testing.T) {
	dir := t.TempDir()
	addCustomer(t, dir, "杨氏眼镜店")
	setNow(t, "2025-04-20T09:00:00Z")
	id := strings.TrimSpace(mustRun(t, dir, "complaint", "add", "--customer", "杨氏眼镜店", "--category", "billing",
		"--severity", "medium", "--channel", "wechat", "--text", "发票金额不对"))
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"complaint", "add", "--customer", "不存在的公司", "--category", "quality", "--severity", "high", "--channel", "phone", "--text", "x"},
			1, `customer 不存在的公司 not found: run 'kehu customer list --search TEXT' to find it.`},
		{[]string{"complaint", "add", "--customer", "杨氏眼镜店", "--category", "taste", "--severity", "high", "--channel", "phone", "--text", "x"},
			1, `Unknown category "taste": use one of quality, delivery, billing, service, other.`},
		{[]string{"complaint", "add", "--customer", "杨氏眼镜店", "--category", "quality", "--severity", "high", "--channel", "phone"},
			2, `Give --text: a complaint needs it. Run 'kehu complaint add --help' for its usage.`},
		{[]string{"complaint", "update", id, "--satisfaction", "7"}, 1, "Satisfaction is rated from 1 to 5, not 7."},
		{[]string{"complaint", "update", id, "--status", "closed"}, 1, "Closing needs a resolution: say how the complaint was resolved."},
		{[]string{"complaint", "update", id, "--status", "finished"}, 1, `Unknown status "finished": use one of acknowledged, in_progress, resolved, closed, reopened.`},
		{[]string{"complaint", "update", id, "--status", "resolved", "--resolution", "x"}, 1,
			"Cannot move a complaint from new to resolved: the order is new → acknowledged → in_progress → resolved → closed."},
		{[]string{"complaint", "update", "01NOSUCHCOMPLAINT", "--note", "x"}, 1, "complaint 01NOSUCHCOMPLAINT not found: run 'kehu complaint list' to find its id."},
		{[]string{"complaint", "list", "--status", "done"}, 1, `Unknown status "done": use one of new, acknowledged, in_progress, resolved, closed.`},
		{[]string{"report", "complaints", "--by", "tier"}, 2, `Unknown grouping "tier": use --by category, customer, month or status. Run 'kehu report complaints --help' for its usage.`},
	} {
		code, out, errs := run(t, dir, tc.args...)
		if code != tc.code || strings.TrimSpace(errs) != tc.msg || strings.Count(errs, "\n") != 1 || out != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q\nwant exit %d, %q", tc.args, code, errs, out, tc.code, tc.msg)
		}
	}
	// Nothing above changed the complaint.
	out := mustRun(t, dir, "complaint", "show", id, "--format", "json")
	if !strings.Contains(out, `"status": "new"`) || strings.Contains(out, `"satisfaction"`) {
		t.Errorf("a refused update changed the complaint: %s", out)
	}
	// In Chinese the same errors are translated.
	code, _, errs := run(t, dir, "complaint", "update", id, "--status", "closed", "--lang", "zh")
	if code != 1 || strings.Contains(errs, "Closing") {
		t.Errorf("zh: %d %q", code, errs)
	}
	// Overdue: medium is acknowledged within a day.
	setNow(t, "2025-04-22T09:00:00Z")
	out = mustRun(t, dir, "complaint", "list", "--overdue")
	if !strings.Contains(out, "OVERDUE") || !strings.Contains(out, "杨氏眼镜店") {
		t.Errorf("overdue list:\n%s", out)
	}
}
