package data

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestRollupRows: three customers, sales in some of three months; the merge
// gives each customer once, in id order, with its months aligned and zero
// months zero.
func TestRollupRows(t *testing.T) {
	s := openTest(t)
	var ids []string
	for _, n := range []string{"甲", "乙", "丙"} {
		c := &model.Customer{Name: n}
		if err := s.PutCustomer(c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	for _, x := range []struct {
		c      int
		date   string
		amount int64
	}{{0, "2024-01-05", 100}, {0, "2024-01-20", 50}, {0, "2024-03-01", 7}, {1, "2024-02-02", 30}, {2, "2023-12-31", 9}} {
		if err := s.PutSale(&model.Sale{CustomerID: ids[x.c], Date: x.date, Amount: x.amount, Currency: "CNY"}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	err := s.RollupRows([]string{"2024-01", "2024-02", "2024-03"}, model.DimCustomer, func(v []byte, row []model.Agg) error {
		got = append(got, fmt.Sprint(string(v) == ids[0], string(v) == ids[1], row))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// 丙's only sale is in 2023-12, outside the months: absent. Ids are
	// time-ordered, so 甲 comes before 乙.
	want := []string{"true false [{150 2} {0 0} {7 1}]", "false true [{0 0} {30 1} {0 0}]"}
	if !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if n, err := s.CountFollowUpsUntil("2024-01-01"); err != nil || n != 0 {
		t.Errorf("follow-ups %d, %v", n, err)
	}
}
