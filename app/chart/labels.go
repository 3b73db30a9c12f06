package chart

import "strings"

// wrapLabel lays a category name out in a slot of max width: one line, or
// two when two is set (split at the first space if both halves fit, else
// where the first line is full). cut reports that the name had to be
// shortened with an ellipsis.
func wrapLabel(l string, max int, two bool, width func(string) int) (lines []string, cut bool) {
	if width(l) <= max {
		return []string{l}, false
	}
	if !two {
		return []string{ellipsize(l, max, width)}, true
	}
	if a, b, ok := strings.Cut(l, " "); ok && width(a) <= max && width(b) <= max {
		return []string{a, b}, false
	}
	rs := []rune(l)
	n := fitRunes(rs, max, width)
	if half := (len(rs) + 1) / 2; half <= n && width(string(rs[half:])) <= max {
		n = half // two lines of about the same length, not one full and an orphan
	}
	first, rest := strings.TrimRight(string(rs[:n]), " "), strings.TrimSpace(string(rs[n:]))
	if width(rest) <= max {
		return []string{first, rest}, false
	}
	return []string{first, ellipsize(rest, max, width)}, true
}

// ellipsize shortens s to the longest prefix that fits max with "…" after it.
func ellipsize(s string, max int, width func(string) int) string {
	const dots = "…"
	rs := []rune(s)
	lo, hi := 0, len(rs) // the answer is in [lo, hi]
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if width(strings.TrimRight(string(rs[:mid]), " ")+dots) <= max {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(rs[:lo]), " ") + dots
}

// fitRunes is how many of rs fit max, at least one.
func fitRunes(rs []rune, max int, width func(string) int) int {
	lo, hi := 1, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if width(string(rs[:mid])) <= max {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}
