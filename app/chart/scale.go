package chart

import (
	"math"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app/i18n"
)

// fenPerUnit is how many fen one axis unit holds.
func fenPerUnit(unit string) float64 {
	if d, ok := plain(unit); ok {
		return d
	}
	if unit == UnitWan {
		return 1_000_000
	}
	return 100
}

// pickUnit chooses 万元 when the largest magnitude reaches 100,000 元.
func pickUnit(want string, s []Series) string {
	if _, ok := plain(want); ok || want == UnitYuan || want == UnitWan {
		return want
	}
	var peak int64
	for _, se := range s {
		for _, p := range se.Points {
			peak = max(peak, p.Value, -p.Value)
		}
	}
	if peak >= 100_000*100 {
		return UnitWan
	}
	return UnitYuan
}

// unitLabel is the unit as the reader sees it (元 / 万元, CNY / 10k CNY).
func unitLabel(unit string) string {
	if l, ok := plainLabel(unit); ok {
		return l
	}
	if unit == UnitWan {
		return i18n.L("10k CNY")
	}
	return i18n.L("CNY")
}

// axisName is "销售额（万元）".
func axisName(measure, unit string) string {
	return i18n.L("{{.Measure}} ({{.Unit}})", map[string]any{"Measure": i18n.L(measure), "Unit": unitLabel(unit)})
}

// niceTicks returns round tick values covering [lo, hi] with about n steps,
// always including zero, and the number of decimals the step needs.
func niceTicks(lo, hi float64, n int) (ticks []float64, decimals int) {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if hi-lo <= 0 {
		hi = 5
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
		if s := step * math.Pow(10, float64(decimals)); math.Abs(s-math.Round(s)) > 1e-9 {
			decimals++ // 0.25
		}
	}
	start := math.Floor(lo/step+1e-9) * step
	for v := start; v < hi+step-1e-9; v += step {
		ticks = append(ticks, math.Round(v/step)*step)
		if len(ticks) > 50 {
			break
		}
	}
	return ticks, decimals
}

// group writes v with thousands separators and the given decimals: 1234567.5 → "1,234,567.50".
func group(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	out := groupDigits(whole)
	if frac != "" {
		out += "." + frac
	}
	if sign == "-" && strings.Trim(out, "0.,") == "" {
		sign = "" // no "-0.0"
	}
	return sign + out
}

// groupDigits puts a comma between every three digits of an unsigned integer.
func groupDigits(whole string) string {
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Money writes minor units as yuan with thousands separators: 146782297 → "1,467,822.97".
func Money(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	s := groupDigits(strconv.FormatInt(fen/100, 10)) + "." + strconv.FormatInt(100+fen%100, 10)[1:]
	if neg {
		s = "-" + s
	}
	return s
}

// Percent writes a fraction as a percentage with one decimal: 0.1234 → "12.3%".
func Percent(f float64) string {
	return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
}

// labelStep is how many x positions to skip between labels so that labels of
// width labelW (px) never touch on a plot of width plotW holding n positions.
// Steps follow the calendar: 1, 2, 3, 4, 6, 12, 24 … months.
func labelStep(n int, plotW, labelW float64) int {
	if n <= 1 {
		return 1
	}
	slot := plotW / float64(n)
	for _, s := range []int{1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120} {
		if float64(s)*slot >= labelW+14 {
			return s
		}
	}
	return n
}
