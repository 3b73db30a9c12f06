package importer

import (
	"errors"
	"fmt"
	"strings"
)

// Delimiters lists the values Options.Delimiter accepts besides "auto".
var Delimiters = []string{",", ";", "tab"}

// ErrUnknownDelimiter is returned for an Options.Delimiter not in Delimiters.
var ErrUnknownDelimiter = errors.New("unknown delimiter")

// sniffLines is how many non-empty lines DetectDelimiter and DetectHeader look at.
const sniffLines = 20

// sniffBytes bounds how much of a sample DetectDelimiter scans, so that an
// unterminated quote in a huge file costs nothing.
const sniffBytes = 1 << 20

// canonicalDelimiter maps "auto", ",", ";", "tab" (and "\t", "comma",
// "semicolon") to "auto", ",", ";" or "tab".
func canonicalDelimiter(d string) (string, error) {
	switch strings.ToLower(d) {
	case "", "auto":
		return "auto", nil
	case ",", "comma", "，":
		return ",", nil
	case ";", "semicolon", "；":
		return ";", nil
	case "tab", "\t", `\t`, "tsv":
		return "tab", nil
	}
	return "", fmt.Errorf("%w %q: use auto, %s", ErrUnknownDelimiter, d, strings.Join(Delimiters, ", "))
}

func delimiterRune(d string) rune {
	switch d {
	case ";":
		return ';'
	case "tab":
		return '\t'
	}
	return ','
}

// DetectDelimiter guesses the field delimiter of CSV text from its first
// ~20 non-empty lines, counting commas, semicolons and tabs outside quoted
// fields. It returns the one whose per-line count is most consistent (the
// most lines share its most common non-zero count; ties go to the larger
// count, then to comma, tab, semicolon), or "," when none occurs.
// The result is ",", ";" or "tab".
func DetectDelimiter(sample string) string {
	if len(sample) > sniffBytes {
		sample = sample[:sniffBytes]
	}
	cands := [3]rune{',', '\t', ';'}
	names := [3]string{",", "tab", ";"}
	var counts [][3]int
	var cur [3]int
	inQuote, atFieldStart, lineHasText := false, true, false
	endLine := func() {
		if lineHasText {
			counts = append(counts, cur)
		}
		cur = [3]int{}
		lineHasText = false
		atFieldStart = true
	}
	rs := []rune(sample)
	for i := 0; i < len(rs) && len(counts) < sniffLines; i++ {
		c := rs[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(rs) && rs[i+1] == '"' {
					i++ // escaped quote
					continue
				}
				inQuote = false
			}
			continue
		}
		switch c {
		case '\n', '\r':
			endLine()
			continue
		case '"':
			lineHasText = true
			if atFieldStart {
				inQuote = true
				atFieldStart = false
				continue
			}
		case ' ':
			// Leading spaces do not end the field start ( , "a").
			continue
		}
		matched := false
		for k, d := range cands {
			if c == d {
				cur[k]++
				matched = true
			}
		}
		lineHasText = true
		atFieldStart = matched
	}
	if len(counts) < sniffLines {
		endLine()
	}

	best, bestScore, bestMode := ",", 0, 0
	for k := range cands {
		freq := map[int]int{}
		for _, c := range counts {
			if c[k] > 0 {
				freq[c[k]]++
			}
		}
		mode, score := 0, 0
		for n, f := range freq {
			if f > score || (f == score && n > mode) {
				mode, score = n, f
			}
		}
		if score > bestScore || (score == bestScore && score > 0 && mode > bestMode) {
			best, bestScore, bestMode = names[k], score, mode
		}
	}
	return best
}

// record is one CSV record (or one skipped empty line, cells nil) with the
// 1-based line it starts on.
type record struct {
	line  int
	end   int // the line it ends on (> line when a quoted field spans lines)
	cells []string
}

// parseCSV is eachRecord's records, kept.
func parseCSV(text string, delim string) ([]record, error) {
	var out []record
	err := scanRecords(text, delim, true, func(r record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}
