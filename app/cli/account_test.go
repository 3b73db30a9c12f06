package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAccountCommands: assess, survey, action add/list/status, report
// accounts, report winback and chart radar on a small fixture on 2026-06-10.
//
// 宝岛 (S, no contacts): actions due 06-01 (9 days over) and 06-20.
// 天明: one sale of 3,000.00 on 2025-06-01, nothing since → lost 11 months.
func TestAccountCommands(t *testing.T) {
	dir := t.TempDir()
	setNow(t, "2026-06-10T12:00:00Z")
	addCustomer(t, dir, "宝岛眼镜公司")
	mustRun(t, dir, "customer", "set", "宝岛眼镜公司", "tier=S")
	addCustomer(t, dir, "天明眼镜公司")
	csv := filepath.Join(dir, "sales.csv")
	if err := os.WriteFile(csv, []byte("日期,客户名称,产品,数量,金额\n2025-06-01,天明眼镜公司,加美月抛,10,3000.00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "import", "sales", csv)

	if id := strings.TrimSpace(mustRun(t, dir, "assess", "宝岛眼镜公司", "--scores", "5,4,4,4,5,3", "--date", "2026/6/1")); len(id) != 26 {
		t.Errorf("assess printed %q", id)
	}
	if code, _, errOut := run(t, dir, "assess", "宝岛眼镜公司", "--scores", "5,4,9,4,5,3"); code != 2 || !strings.Contains(errOut, "1 to 5") {
		t.Errorf("score 9: exit %d, %q", code, errOut)
	}
	mustRun(t, dir, "survey", "宝岛眼镜公司", "--score", "4", "--comment", "到货及时")
	a1 := strings.TrimSpace(mustRun(t, dir, "action", "add", "--customer", "宝岛眼镜公司", "--text", "拜访王总", "--owner", "李娜", "--due", "2026-06-01"))
	mustRun(t, dir, "action", "add", "--customer", "宝岛眼镜公司", "--text", "寄样品", "--due", "2026-06-20")
	if code, _, _ := run(t, dir, "action", "add", "--customer", "宝岛眼镜公司", "--text", "x", "--due", "2026-02-30"); code != 2 {
		t.Errorf("bad due date: exit %d", code)
	}

	var acts []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, "action", "list", "--overdue", "--format", "json")), &acts); err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0]["text"] != "拜访王总" || acts[0]["days_overdue"] != float64(9) || acts[0]["owner"] != "李娜" {
		t.Fatalf("overdue %v", acts)
	}
	mustRun(t, dir, "action", "status", "宝岛眼镜公司", a1, "done")
	if out := mustRun(t, dir, "action", "list", "--overdue", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("after done: %s", out)
	}
	if code, _, _ := run(t, dir, "action", "status", "宝岛眼镜公司", a1, "later"); code != 2 {
		t.Errorf("status later: exit %d", code)
	}

	var accts []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, "report", "accounts", "--format", "json")), &accts); err != nil {
		t.Fatal(err)
	}
	// 25/6 = 4.1666… → 4.17
	if len(accts) != 1 || accts[0]["flags"] != "no_contact no_decision_maker" || accts[0]["score"] != 4.17 ||
		accts[0]["satisfaction"] != float64(4) || accts[0]["open_actions"] != float64(1) {
		t.Fatalf("accounts %v", accts)
	}

	var lost []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, "report", "winback", "--months", "6", "--format", "json")), &lost); err != nil {
		t.Fatal(err)
	}
	if len(lost) != 1 || lost[0]["name"] != "天明眼镜公司" || lost[0]["past_value"] != "3000.00" || lost[0]["months_silent"] != float64(11) {
		t.Fatalf("winback %v", lost)
	}
	if out := mustRun(t, dir, "report", "winback", "--months", "12", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("12 months: %s", out)
	}

	out := filepath.Join(dir, "radar.svg")
	mustRun(t, dir, "--lang", "zh", "chart", "radar", "宝岛眼镜公司", "--out", out)
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "竞争偏向度") {
		t.Errorf("radar svg: %v", err)
	}
	if code, _, errOut := run(t, dir, "chart", "radar", "天明眼镜公司", "--out", out); code != 1 || !strings.Contains(errOut, "no assessment") {
		t.Errorf("no assessment: exit %d %q", code, errOut)
	}
}
