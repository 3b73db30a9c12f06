package customers

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/app/enum"
	"github.com/kehu-crm/kehu/app/importer"
)

// The value-mapping step of an import. A value of an enumeration column that
// no code, label or variant matches (客户等级 "重点") is a warning and goes to
// the notes; the preview lists those values a column with their counts, and
// the user maps each to a code or keeps it in the notes. The choice is
// remembered a column name, in the setting SettingImportValues, for the
// next import; the command line gives the same with --map 客户等级:重点=A.

// SettingImportValues holds the remembered value mappings (a ValueMap as
// JSON). It belongs to this computer.
const SettingImportValues = "import_value_map"

// KeepInNotes is the code of a value mapping that keeps the value in the
// notes, without a warning.
const KeepInNotes = "-"

// ValueMap maps, per column header, a value to a code or KeepInNotes.
type ValueMap map[string]map[string]string

// ErrBadValueMap means a value mapping names no enumeration column or no code.
var ErrBadValueMap = errors.New("bad value mapping")

// Set records one mapping.
func (m ValueMap) Set(column, value, code string) {
	column, value = strings.TrimSpace(column), strings.TrimSpace(value)
	if m[column] == nil {
		m[column] = map[string]string{}
	}
	m[column][value] = strings.TrimSpace(code)
}

// Clone copies m, for another goroutine.
func (m ValueMap) Clone() ValueMap {
	out := make(ValueMap, len(m))
	for c, vs := range m {
		out[c] = make(map[string]string, len(vs))
		for v, code := range vs {
			out[c][v] = code
		}
	}
	return out
}

// SplitMap separates the items of --map: "COLUMN:VALUE=CODE" is a value
// mapping, anything else ("SOURCE=field") a column mapping, returned as
// text for importer.ParseMap.
func SplitMap(spec string) (columns string, values ValueMap, err error) {
	values = ValueMap{}
	var cols []string
	for _, p := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == '，' || r == '\n' }) {
		p = strings.TrimSpace(p)
		eq := strings.IndexAny(p, "=＝")
		colon := strings.IndexAny(p, ":：")
		if eq < 0 || colon < 0 || colon > eq {
			cols = append(cols, p)
			continue
		}
		_, cw := firstRune(p[colon:])
		_, ew := firstRune(p[eq:])
		col, val, code := p[:colon], p[colon+cw:eq], p[eq+ew:]
		if strings.TrimSpace(col) == "" || strings.TrimSpace(val) == "" || strings.TrimSpace(code) == "" {
			return "", nil, fmt.Errorf("%w: %q: write COLUMN:VALUE=CODE, e.g. 客户等级:重点=A (- keeps the value in the notes)", ErrBadValueMap, p)
		}
		values.Set(col, val, code)
	}
	return strings.Join(cols, ","), values, nil
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// rememberedValues reads SettingImportValues.
func (s *Service) rememberedValues() ValueMap {
	store, done := s.c.Use()
	defer done()
	m := ValueMap{}
	if s == nil || store == nil {
		return m
	}
	if v, err := store.Setting(SettingImportValues); err == nil && v != "" {
		json.Unmarshal([]byte(v), &m) // a damaged setting is forgotten, not fatal
	}
	return m
}

// rememberValues adds m to the remembered mappings.
func (s *Service) rememberValues(m ValueMap) error {
	store, done := s.c.Use()
	defer done()
	all := s.rememberedValues()
	for col, vals := range m {
		for v, code := range vals {
			all.Set(col, v, code)
		}
	}
	b, err := json.Marshal(all)
	if err != nil {
		return err
	}
	return store.SetSetting(SettingImportValues, string(b))
}

// columnValues turns the remembered mappings overlaid with given into one
// map a column index, checking given: each column must be an enumeration
// column of the mapping and each code one of its codes (or a label of it).
func columnValues(header, mapping []string, remembered, given ValueMap) ([]map[string]string, error) {
	out := make([]map[string]string, len(header))
	col := func(name string) int {
		return slices.IndexFunc(header, func(h string) bool { return strings.TrimSpace(h) == strings.TrimSpace(name) })
	}
	add := func(m ValueMap, strict bool) error {
		for name, vals := range m {
			i := col(name)
			kind := ""
			if i >= 0 && i < len(mapping) {
				if f, ok := FieldByName(mapping[i]); ok {
					kind = f.Enum
				}
			}
			if kind == "" {
				if strict {
					return fmt.Errorf("%w: %q is no column of the file mapped to a field with codes (tier, type, stage …)", ErrBadValueMap, name)
				}
				continue
			}
			f, _ := FieldByName(mapping[i])
			for v, code := range vals {
				if code != KeepInNotes {
					c, ok := enum.ParseCode(kind, f.Codes, code)
					if !ok {
						if strict {
							return fmt.Errorf("%w: %s:%s=%s: %q is not one of %s (or - for the notes)", ErrBadValueMap, name, v, code, code, strings.Join(f.Codes, ", "))
						}
						continue
					}
					code = c
				}
				if out[i] == nil {
					out[i] = map[string]string{}
				}
				out[i][v] = code
			}
		}
		return nil
	}
	if err := add(remembered, false); err != nil {
		return nil, err
	}
	if err := add(given, true); err != nil {
		return nil, err
	}
	return out, nil
}

// ValueCount is a value and how many rows have it.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Unmatched is an enumeration column's values that match no code.
type Unmatched struct {
	Column string       `json:"column"` // header text
	Field  string       `json:"field"`  // the field it is mapped to (tier, type …)
	Values []ValueCount `json:"values"` // most frequent first
}

// Text is the line the preview shows: "客户等级: 重点 ×12, 一般 ×40".
func (u Unmatched) Text() string {
	parts := make([]string, len(u.Values))
	for i, v := range u.Values {
		parts[i] = fmt.Sprintf("%s ×%d", v.Value, v.Count)
	}
	return u.Column + ": " + strings.Join(parts, ", ")
}

// unmatched gathers the enumeration warnings by column and value.
func unmatched(header, mapping []string, warns []importer.RowIssue) []Unmatched {
	var out []Unmatched
	at := map[string]int{}
	counts := map[string]map[string]int{}
	for _, w := range warns {
		if w.Enum == "" {
			continue
		}
		i, ok := at[w.Column]
		if !ok {
			i = len(out)
			at[w.Column] = i
			field := ""
			if c := slices.Index(header, w.Column); c >= 0 && c < len(mapping) {
				field = mapping[c]
			}
			out = append(out, Unmatched{Column: w.Column, Field: field})
			counts[w.Column] = map[string]int{}
		}
		if counts[w.Column][w.Value] == 0 {
			out[i].Values = append(out[i].Values, ValueCount{Value: w.Value})
		}
		counts[w.Column][w.Value]++
	}
	for i := range out {
		for j := range out[i].Values {
			out[i].Values[j].Count = counts[out[i].Column][out[i].Values[j].Value]
		}
		slices.SortStableFunc(out[i].Values, func(a, b ValueCount) int { return cmp.Compare(b.Count, a.Count) })
	}
	return out
}
