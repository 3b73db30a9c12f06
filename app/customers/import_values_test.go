package customers

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data/model"
)

func TestSplitMap(t *testing.T) {
	for _, tc := range []struct {
		in, cols string
		values   ValueMap
		bad      bool
	}{
		{"客户名称=name", "客户名称=name", ValueMap{}, false},
		{"客户等级:重点=A", "", ValueMap{"客户等级": {"重点": "A"}}, false},
		{"客户等级：一般＝-\n备注=-,客户等级:重点=S", "备注=-", ValueMap{"客户等级": {"一般": "-", "重点": "S"}}, false},
		{"客户等级:=A", "", nil, true},
	} {
		cols, values, err := SplitMap(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("SplitMap(%q): %v", tc.in, err)
			continue
		}
		if tc.bad {
			continue
		}
		if cols != tc.cols || len(values) != len(tc.values) {
			t.Errorf("SplitMap(%q) = %q, %v", tc.in, cols, values)
		}
		for c, vs := range tc.values {
			for v, code := range vs {
				if values[c][v] != code {
					t.Errorf("SplitMap(%q): %s:%s = %q, want %q", tc.in, c, v, values[c][v], code)
				}
			}
		}
	}
}

// TestValueMapping: the preview lists unmatched values a column with counts;
// mapped, they set the field (or stay in the notes without a warning), and
// the mapping is remembered for the next import.
func TestValueMapping(t *testing.T) {
	s := openTest(t)
	file := writeFile(t, "名单.csv", "客户名称,客户等级\n甲,重点\n乙,重点\n丙,一般\n丁,重点\n戊,A级\n己,一般\n")
	dry, err := s.ImportFile(context.Background(), file, ImportOptions{Job: importer.Job{DryRun: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(dry.Unmatched) != 1 || dry.Unmatched[0].Text() != "客户等级: 重点 ×3, 一般 ×2" || dry.Unmatched[0].Field != "tier" {
		t.Fatalf("unmatched %+v", dry.Unmatched)
	}
	for _, bad := range []ValueMap{{"城市": {"x": "A"}}, {"客户等级": {"重点": "Z"}}} {
		if _, err := s.ImportFile(context.Background(), file, ImportOptions{Job: importer.Job{DryRun: true}, Values: bad}); !errors.Is(err, ErrBadValueMap) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	sum, err := s.ImportFile(context.Background(), file, ImportOptions{Values: ValueMap{"客户等级": {"重点": "A", "一般": KeepInNotes}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Warnings) != 0 || len(sum.Unmatched) != 0 || sum.New != 6 {
		t.Fatalf("%+v", sum)
	}
	tiers := map[string]string{}
	notes := map[string]string{}
	s.testStore().EachCustomer(func(c *model.Customer) error { tiers[c.Name], notes[c.Name] = c.Tier, c.Notes; return nil })
	if tiers["甲"] != "A" || tiers["戊"] != "A" || tiers["丙"] != "" || !strings.Contains(notes["丙"], "一般") {
		t.Fatalf("tiers %v notes %v", tiers, notes)
	}
	// The next import remembers 重点 = A.
	next := writeFile(t, "名单2.csv", "客户名称,客户等级\n庚,重点\n")
	sum, err = s.ImportFile(context.Background(), next, ImportOptions{})
	if err != nil || len(sum.Unmatched) != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	s.testStore().EachCustomer(func(c *model.Customer) error { tiers[c.Name] = c.Tier; return nil })
	if tiers["庚"] != "A" {
		t.Errorf("remembered mapping not applied: %q", tiers["庚"])
	}
}
