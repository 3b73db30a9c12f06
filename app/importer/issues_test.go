package importer

import (
	"strings"
	"testing"
)

// TestGroupIssues: one group a column, counted, with two distinct values.
func TestGroupIssues(t *testing.T) {
	var list []RowIssue
	for i, v := range []string{"重点", "重点", "一般", "核心", "一般"} {
		list = append(list, RowIssue{Line: i + 2, Column: "客户等级", Msg: "Not a valid value; kept in the notes.", Value: v, Warning: true})
	}
	list = append(list, RowIssue{Line: 9, Column: "年销售额", Msg: "Not an amount; kept in the notes.", Value: "三十", Warning: true})
	g := GroupIssues(list)
	if len(g) != 2 || g[0].Count != 5 || strings.Join(g[0].Examples, ",") != "重点,一般" || g[0].Lines[1] != 4 || g[1].Count != 1 {
		t.Fatalf("%+v", g)
	}
	if s := g[0].Text(); !strings.Contains(s, "客户等级") || !strings.Contains(s, `"重点"`) || strings.Contains(s, "核心") {
		t.Errorf("text %q", s)
	}
}
