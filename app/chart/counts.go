package chart

import (
	"math"

	"github.com/kehu-crm/kehu/app/i18n"
)

// Units of measures that are not money, for Options.YUnit. With them a
// Point's Value is not in fen: UnitCount takes the count itself (a bar of 3
// complaints is Value 3), UnitHours takes hundredths of an hour (37.5 hours
// is Value 3750), so a fractional average survives the int64.
const (
	UnitCount = "件"
	UnitHours = "小时"
)

// plain reports whether unit is one of the units above and how many Value
// units make one axis unit.
func plain(unit string) (div float64, ok bool) {
	switch unit {
	case UnitCount:
		return 1, true
	case UnitHours:
		return 100, true
	case UnitPercent:
		return 100, true
	case UnitCustomers:
		return 1, true
	}
	return 0, false
}

// plainLabel is the unit as the reader sees it: 件 / 小时, count / hours.
func plainLabel(unit string) (string, bool) {
	switch unit {
	case UnitCount:
		return i18n.L("count"), true
	case UnitHours:
		return i18n.L("hours"), true
	case UnitPercent:
		return "%", true
	case UnitCustomers:
		return i18n.L("unit.customers"), true
	}
	return "", false
}

// ticksFor is niceTicks, except that counts step by whole numbers
// (1, 2, 5, 10 …): there is no half a complaint.
func ticksFor(unit string, lo, hi float64, n int) ([]float64, int) {
	if unit != UnitCount && unit != UnitCustomers {
		return niceTicks(lo, hi, n)
	}
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if hi-lo <= 0 {
		hi = 1
	}
	raw := (hi - lo) / float64(n)
	step := 1.0
	for mag := 1.0; step < raw; mag *= 10 {
		for _, m := range []float64{1, 2, 5, 10} {
			if step = m * mag; step >= raw {
				break
			}
		}
	}
	var ticks []float64
	for v := math.Floor(lo/step) * step; v < hi+step-1e-9; v += step {
		ticks = append(ticks, v)
		if len(ticks) > 50 {
			break
		}
	}
	return ticks, 0
}
