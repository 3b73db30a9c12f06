package model

import (
	"fmt"
	"math"
	"time"
)

// Rollup dimensions: every sale counts once under each, in its month, so a
// sales curve reads one key a month and never the sales themselves.
const (
	DimAll      = "all"      // value ""
	DimCustomer = "customer" // customer id
	DimTier     = "tier"     // the customer's tier when the sale was written ("" none)
	DimRegion   = "region"   // the customer's province when the sale was written
	DimProduct  = "product"  // the product as written
)

// Dimensions lists the rollup dimensions.
var Dimensions = []string{DimAll, DimCustomer, DimTier, DimRegion, DimProduct}

// Agg is a rollup: revenue in base-currency minor units and the number of
// sales.
type Agg struct {
	Amount int64 `json:"amount"`
	Orders int64 `json:"orders"`
}

// Months lists the months from..to (YYYY-MM) inclusive.
func Months(from, to string) ([]string, error) {
	f, err := time.Parse("2006-01", from)
	if err != nil {
		return nil, fmt.Errorf("month %q: want YYYY-MM", from)
	}
	t, err := time.Parse("2006-01", to)
	if err != nil {
		return nil, fmt.Errorf("month %q: want YYYY-MM", to)
	}
	var list []string
	for m := f; !m.After(t); m = m.AddDate(0, 1, 0) {
		list = append(list, m.Format("2006-01"))
	}
	return list, nil
}

// RollupRepair says what RebuildRollups did.
type RollupRepair struct {
	Sales   int // sales read
	Entries int // rollup entries written
	Fixed   int // entries that were wrong, missing or extra before
}

// AddAmount is x+y for the sums of amounts, held at the int64 bounds
// instead of wrapping: every amount is within ±MaxAmount (CheckRecord), but
// enough of them in one month (922,338 at the bound) would otherwise turn a
// total negative.
func AddAmount(x, y int64) int64 {
	s := x + y
	switch {
	case x > 0 && y > 0 && s < 0:
		return math.MaxInt64
	case x < 0 && y < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}
