package importer

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kehu-crm/kehu/data/model"
)

// Target is a field a column can be mapped to, with the header texts (Chinese
// and English) that mean it. Matching ignores case, spaces, width and
// bracketed units such as "(万元)".
type Target struct {
	Name    string
	Aliases []string
}

// Unmapped is the --map target that leaves a column unmapped ("备注=-").
const Unmapped = "-"

// CustomerTargets are the fields of a customer list: every field of
// model.CustomerFields, under its name with its Aliases, and the
// import-only customerExtras, in customerOrder.
var CustomerTargets = customerTargets()

// customerExtras are the import-only targets of a customer list: columns
// that are no editable field of model.CustomerFields. A revenue header that
// mentions 万元 maps to revenue_wan (amounts in 万元). contact and
// contact_title make a contact. id, currency, created and updated are the
// columns of Kehu's own export: the id makes the import merge by id, so an
// export imports losslessly.
var customerExtras = []Target{
	{"contact", []string{"联系人", "联系人姓名", "Contact", "Contacts", "Contact name", "Contact person"}},
	{"contact_title", []string{"职务", "职位", "Title", "Job title", "Position"}},
	{"revenue_wan", []string{"年销售额万元", "销售额万元", "万元"}},
	{"id", []string{"编号", "ID", "客户编号", "Customer ID"}},
	{"currency", []string{"币种", "货币", "Currency"}},
	{"created", []string{"创建时间", "Created"}},
	{"updated", []string{"更新时间", "Updated"}},
}

// customerOrder is the order of CustomerTargets, which the window's
// mapping menu shows and GuessMapping breaks ties by (the first target
// wins). A field of model.CustomerFields not named here follows notes, in
// the table's order.
var customerOrder = []string{
	"name", "short_name", "type", "industry", "province", "city", "address", "phone", "email", "website",
	"tax_id", "owner", "tier", "stage", "loyalty", "fit", "source", "referred_by", "tags", "notes",
	"contact", "contact_title", "revenue", "revenue_wan", "id", "currency", "created", "updated",
}

func customerTargets() []Target {
	byName := map[string]Target{}
	for _, t := range customerExtras {
		byName[t.Name] = t
	}
	for _, f := range model.CustomerFields {
		byName[f.Name] = Target{f.Name, f.Aliases}
	}
	var out []Target
	for _, n := range customerOrder {
		if t, ok := byName[n]; ok {
			out = append(out, t)
			delete(byName, n)
		}
		if n == "notes" {
			for _, f := range model.CustomerFields {
				if !slices.Contains(customerOrder, f.Name) {
					out = append(out, byName[f.Name])
					delete(byName, f.Name)
				}
			}
		}
	}
	return out // TestCustomerTargets checks none is left out
}

// SalesTargets are the fields of a sales list.
var SalesTargets = []Target{
	{"date", []string{"日期", "销售日期", "订单日期", "下单日期", "Date", "Order date"}},
	{"customer", []string{"客户", "客户名称", "经销商", "经销商名称", "公司名称", "Customer", "Customer name"}},
	{"product", []string{"产品", "产品名称", "商品", "商品名称", "品名", "Product", "Item"}},
	{"quantity", []string{"数量", "销量", "Qty", "Quantity"}},
	{"amount", []string{"金额", "销售额", "销售金额", "总金额", "Amount", "Sales", "Total"}},
	{"id", []string{"编号", "ID", "客户编号", "Customer ID"}},
	{"currency", []string{"币种", "货币", "Currency"}},
	{"note", []string{"备注", "说明", "Note", "Notes", "Remark"}},
}

// Errors of ParseMap and ApplyMap; the messages wrapping them say more.
var (
	ErrBadMap        = errors.New("bad --map")
	ErrUnknownTarget = errors.New("unknown field")
	ErrUnknownColumn = errors.New("no such column")
)

// matchKey is the form header texts and aliases are compared in: NFKC,
// lower case, bracketed parts ("(万元)", "（元）", "[kg]", "【必填】") removed,
// spaces and the punctuation _ - . : * # / removed.
func matchKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	k := keyChars(stripBrackets(s))
	if k == "" {
		k = keyChars(s) // "(备注)": keep what is inside
	}
	return k
}

func stripBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '【', '〔', '<', '《', '{':
			depth++
			continue
		case ')', ']', '】', '〕', '>', '》', '}':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func keyChars(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == '\uFEFF' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// words splits a lower-cased, bracket-stripped text into ASCII-style words,
// for contains-matching English aliases ("Contact phone" ⊃ "phone").
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var knownAliases = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, ts := range [][]Target{CustomerTargets, SalesTargets} {
		for _, t := range ts {
			for _, a := range t.Aliases {
				m[matchKey(a)] = true
			}
		}
	}
	return m
})

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// GuessMapping proposes a target name for every column of header ("" for
// none). Each target is used at most once, by the first column that claims
// it. First every column whose text equals an alias (or the target's name)
// after normalisation is mapped; then the remaining columns are matched by
// containment, preferring an alias at the end of the header (Chinese puts the
// head noun last: "联系人手机" is a phone) and then the longest. A revenue
// header that mentions 万 maps to revenue_wan when that target exists.
func GuessMapping(header []string, targets []Target) []string {
	out := make([]string, len(header))
	used := map[string]bool{}
	exact := map[string]string{}
	for _, t := range targets {
		for _, a := range append([]string{t.Name}, t.Aliases...) {
			if k := matchKey(a); k != "" {
				if _, dup := exact[k]; !dup {
					exact[k] = t.Name
				}
			}
		}
	}
	hasTarget := func(name string) bool {
		for _, t := range targets {
			if t.Name == name {
				return true
			}
		}
		return false
	}
	wan := func(col int, name string) string {
		if name == "revenue" && strings.Contains(header[col], "万") && hasTarget("revenue_wan") {
			return "revenue_wan"
		}
		return name
	}
	claim := func(col int, name string) bool {
		name = wan(col, name)
		if name == "" || used[name] {
			return false
		}
		out[col], used[name] = name, true
		return true
	}
	// Exact pass.
	for i, h := range header {
		if len(h) > 1000 {
			continue
		}
		if name, ok := exact[matchKey(h)]; ok {
			claim(i, name)
		}
	}
	// Contains pass.
	for i, h := range header {
		if out[i] != "" || len(h) > 1000 {
			continue
		}
		key := matchKey(h)
		if key == "" {
			continue
		}
		lower := stripBrackets(strings.ToLower(norm.NFKC.String(h)))
		hw := words(lower)
		best, bestSuffix, bestLen := "", false, 0
		for _, t := range targets {
			if used[wan(i, t.Name)] {
				continue
			}
			for _, a := range t.Aliases {
				ak := matchKey(a)
				if ak == "" || ak == key {
					continue
				}
				var found, suffix bool
				if isASCII(ak) {
					aw := words(strings.ToLower(a))
					found, suffix = containsWords(hw, aw)
				} else {
					found = strings.Contains(key, ak)
					suffix = strings.HasSuffix(key, ak)
					if utf8.RuneCountInString(ak) == 1 && !suffix {
						found = false // "市" only as in "所在市", not "市场部"
					}
				}
				if !found {
					continue
				}
				n := utf8.RuneCountInString(ak)
				if best == "" || (suffix && !bestSuffix) || (suffix == bestSuffix && n > bestLen) {
					best, bestSuffix, bestLen = t.Name, suffix, n
				}
			}
		}
		if best != "" {
			claim(i, best)
		}
	}
	return out
}

// containsWords reports whether the word sequence a occurs in h, and whether
// it occurs at the end.
func containsWords(h, a []string) (found, suffix bool) {
	if len(a) == 0 || len(a) > len(h) {
		return false, false
	}
	for i := 0; i+len(a) <= len(h); i++ {
		match := true
		for j := range a {
			if h[i+j] != a[j] {
				match = false
				break
			}
		}
		if match {
			found = true
			if i+len(a) == len(h) {
				suffix = true
			}
		}
	}
	return found, suffix
}

// ParseMap parses a --map value, "客户=name,电话=phone": pairs of a source
// column (its header text, or its 1-based number) and a target field name,
// separated by commas (full-width ，also) or newlines. A target of "-" leaves
// the column unmapped. The result maps source text to target name; the
// targets are checked by ApplyMap.
func ParseMap(spec string) (map[string]string, error) {
	out := map[string]string{}
	parts := strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == '，' || r == '\n' })
	for _, p := range parts {
		p = trimCell(p)
		if p == "" {
			continue
		}
		eq := strings.IndexAny(p, "=＝")
		if eq < 0 {
			return nil, fmt.Errorf("%w: %q has no \"=\"; write SOURCE=field, e.g. 客户名称=name", ErrBadMap, p)
		}
		_, w := utf8.DecodeRuneInString(p[eq:])
		src, dst := cleanHeader(p[:eq]), strings.ToLower(trimCell(p[eq+w:]))
		if src == "" {
			return nil, fmt.Errorf("%w: %q has no column before \"=\"", ErrBadMap, p)
		}
		if dst == "" {
			return nil, fmt.Errorf("%w: %q has no field after \"=\" (use - to leave the column unmapped)", ErrBadMap, p)
		}
		if prev, ok := out[src]; ok && prev != dst {
			return nil, fmt.Errorf("%w: column %q is mapped twice (to %s and %s)", ErrBadMap, src, prev, dst)
		}
		out[src] = dst
	}
	return out, nil
}

// TargetNames lists the names of targets, in order.
func TargetNames(targets []Target) []string {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.Name
	}
	return names
}

// ApplyMap applies --map overrides to a guessed mapping. A source is matched
// against the header texts (exactly, then after normalisation), else read as
// a 1-based column number ("3=phone"). A target is a target name (or one of
// its aliases), or "-" for unmapped. The target of an override is taken away
// from whichever column had guessed it. An unknown column or target is an
// error that lists the valid ones.
func ApplyMap(header []string, guessed []string, overrides map[string]string, targets []Target) ([]string, error) {
	out := make([]string, len(header))
	copy(out, guessed)
	srcs := make([]string, 0, len(overrides))
	for s := range overrides {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)

	set := map[int]string{}   // column → target, from overrides
	taken := map[string]int{} // target → column, from overrides
	for _, src := range srcs {
		col, err := findColumn(header, src)
		if err != nil {
			return nil, err
		}
		name, err := findTarget(overrides[src], targets)
		if err != nil {
			return nil, fmt.Errorf("--map %s=%s: %w", src, overrides[src], err)
		}
		if prev, ok := set[col]; ok && prev != name {
			return nil, fmt.Errorf("%w: column %d (%s) is mapped twice (to %s and %s)", ErrBadMap, col+1, header[col], prev, name)
		}
		if name != "" {
			if c, ok := taken[name]; ok && c != col {
				return nil, fmt.Errorf("%w: field %s is given to two columns (%d %s and %d %s)", ErrBadMap, name, c+1, header[c], col+1, header[col])
			}
			taken[name] = col
		}
		set[col] = name
	}
	for i := range out {
		if _, ok := set[i]; ok {
			continue
		}
		if _, ok := taken[out[i]]; ok {
			out[i] = ""
		}
	}
	for col, name := range set {
		out[col] = name
	}
	return out, nil
}

func findColumn(header []string, src string) (int, error) {
	s := cleanHeader(src)
	for i, h := range header {
		if cleanHeader(h) == s {
			return i, nil
		}
	}
	if k := matchKey(s); k != "" {
		for i, h := range header {
			if matchKey(h) == k {
				return i, nil
			}
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(header) {
		return n - 1, nil
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = fmt.Sprintf("%d %s", i+1, h)
	}
	return 0, fmt.Errorf("--map: %w %q; the columns are: %s", ErrUnknownColumn, src, strings.Join(cols, ", "))
}

func findTarget(dst string, targets []Target) (string, error) {
	d := strings.ToLower(trimCell(dst))
	if d == Unmapped || d == "none" || d == "" {
		return "", nil
	}
	for _, t := range targets {
		if t.Name == d {
			return t.Name, nil
		}
	}
	k := matchKey(d)
	for _, t := range targets {
		if matchKey(t.Name) == k {
			return t.Name, nil
		}
		for _, a := range t.Aliases {
			if matchKey(a) == k {
				return t.Name, nil
			}
		}
	}
	return "", fmt.Errorf("%w %q; valid fields: %s (or - for none)", ErrUnknownTarget, dst, strings.Join(TargetNames(targets), ", "))
}
