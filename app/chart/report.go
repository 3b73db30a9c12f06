package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kehu-crm/kehu/app/i18n"
)

// TopRow is one line of the top-customers table; Revenue in fen, Share a
// fraction of the period's revenue (0.123 → "12.3%").
type TopRow struct {
	Rank    int
	Name    string
	Revenue int64
	Orders  int64
	Share   float64
}

// Total is one line of the totals box. Label is an English key translated
// through i18n.L ("Revenue", "Orders", "Customers with sales", "Versus last
// year"); Value is shown as given (format money with Money, shares with Percent).
type Total struct {
	Label, Value string
}

// Section is an extra page of the report: a title and a table. Title and
// Columns are translated through i18n.L; cells are shown as given, and a
// column whose cells are all numbers is right-aligned.
type Section struct {
	Title   string
	Columns []string
	Rows    [][]string
}

// MeetingReport is the A4 landscape report printed for sales meetings.
type MeetingReport struct {
	Title     string // default "Sales meeting report" (销售会议报告)
	Company   string
	Period    string // e.g. "2025-01 — 2025-12"
	Filter    string // what the figures are limited to, e.g. "地区：广东 · 等级：S战略客户"; "" for all sales
	PrintedAt time.Time
	Lang      string // PDF language tag; default i18n.Lang(). Text follows i18n.

	Curve    []Series // this period, then last year's same months (drawn dashed)
	ByTier   []Point  // revenue by tier; Label e.g. i18n.Enum("tier", "S")
	Top      []TopRow // top-10 customers
	Totals   []Total
	Sections []Section
}

// Page geometry in mm.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 14.0
	footerY      = 201.0
	mmPerPx      = 0.2 // chart pixels on paper: go-chart's 11 pt axis text prints at 8 pt
)

var (
	ink   = [3]int{0x22, 0x22, 0x22}
	muted = [3]int{0x66, 0x66, 0x66}
	rule  = [3]int{0xBB, 0xBB, 0xBB}
	shade = [3]int{0xEE, 0xF2, 0xF8}
)

// WritePDF writes the report: page 1 title, company, period, sales curve with
// last year's overlay, revenue by tier and totals; page 2 the top customers;
// then the sections. Every page has a footer with the print date and
// "第 1 页 / 共 2 页".
func (r *MeetingReport) WritePDF(w io.Writer) error {
	title := r.Title
	if title == "" {
		title = "Sales meeting report"
	}
	title = i18n.L(title)
	lang := r.Lang
	if lang == "" {
		lang = i18n.Lang()
	}
	printed := r.PrintedAt
	if printed.IsZero() {
		printed = time.Now()
	}
	pdf := newPDF(lang, title)
	d := &doc{pdf: pdf, title: title, company: r.Company, printed: printed}

	// Count the pages first so that every footer can say "of N".
	d.total = 2
	for _, s := range r.Sections {
		d.total += sectionPages(s)
	}

	if err := r.page1(d); err != nil {
		return err
	}
	r.page2(d)
	for _, s := range r.Sections {
		d.section(s)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("meeting report: %w", err)
	}
	return pdf.Output(w)
}

type doc struct {
	pdf            *fpdf.Fpdf
	title, company string
	printed        time.Time
	page, total    int
}

func (d *doc) color(c [3]int) { d.pdf.SetTextColor(c[0], c[1], c[2]) }

func (d *doc) text(x, y, size float64, c [3]int, s string) {
	d.pdf.SetFont(pdfFont, "", size)
	d.color(c)
	d.pdf.Text(x, y, s)
}

// textRight draws s ending at x.
func (d *doc) textRight(x, y, size float64, c [3]int, s string) {
	d.pdf.SetFont(pdfFont, "", size)
	d.text(x-d.pdf.GetStringWidth(s), y, size, c, s)
}

// newPage starts a page with its footer.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.page++
	p := d.pdf
	p.SetDrawColor(rule[0], rule[1], rule[2])
	p.SetLineWidth(0.2)
	p.Line(margin, footerY-4.5, pageW-margin, footerY-4.5)
	left := d.title
	if d.company != "" {
		left = d.company + " · " + d.title
	}
	d.text(margin, footerY, 8.5, muted, left+"    "+i18n.L("Printed {{.Date}}", map[string]any{"Date": d.printed.Format("2006-01-02 15:04")}))
	d.textRight(pageW-margin, footerY, 8.5, muted, i18n.L("Page {{.N}} of {{.Total}}", map[string]any{"N": d.page, "Total": d.total}))
}

// heading is a page's title with a line of context under it; it returns the y below.
func (d *doc) heading(title, sub string) float64 {
	d.text(margin, 22, 20, ink, title)
	y := 22.0
	if sub != "" {
		y += 8
		d.text(margin, y, 11, muted, sub)
	}
	d.pdf.SetDrawColor(0x1F, 0x4E, 0x9C)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Line(margin, y+4, pageW-margin, y+4)
	return y + 4
}

// subtitle is the line under a page's title: company, period and filter.
func (r *MeetingReport) subtitle() string {
	var parts []string
	if r.Company != "" {
		parts = append(parts, r.Company)
	}
	if r.Period != "" {
		parts = append(parts, i18n.L("Period: {{.Period}}", map[string]any{"Period": r.Period}))
	}
	if r.Filter != "" {
		parts = append(parts, r.Filter)
	}
	return strings.Join(parts, "    ")
}

func (r *MeetingReport) page1(d *doc) error {
	d.newPage()
	top := d.heading(d.title, r.subtitle()) + 9

	// Left: the sales curve with last year's overlay.
	const leftW = 168.0
	d.text(margin, top, 12, ink, i18n.L("Sales curve"))
	chartTop := top + 2.5
	const curveH = 134.0
	if len(r.Curve) > 0 {
		c, err := build(r.Curve, Options{Width: int(leftW / mmPerPx), Height: int(curveH / mmPerPx)}.withDefaults(), false)
		if err != nil {
			return fmt.Errorf("meeting report: sales curve: %w", err)
		}
		if err := drawChart(d.pdf, c, margin, chartTop, mmPerPx); err != nil {
			return fmt.Errorf("meeting report: sales curve: %w", err)
		}
		caption := i18n.L("Figure 1. Sales by month.")
		if len(r.Curve) > 1 {
			caption = i18n.L("Figure 1. Sales by month; the dashed line is the same months a year earlier.")
		}
		d.text(margin, chartTop+curveH+5, 9, muted, caption)
	} else {
		d.text(margin, chartTop+12, 10, muted, i18n.L("No sales in this period."))
	}

	// Right: totals, then revenue by tier.
	x := margin + leftW + 9
	w := pageW - margin - x
	d.text(x, top, 12, ink, i18n.L("Totals"))
	y := top + 2.5
	if len(r.Totals) > 0 {
		const row = 8.5
		h := float64(len(r.Totals))*row + 3
		d.pdf.SetFillColor(shade[0], shade[1], shade[2])
		d.pdf.SetDrawColor(rule[0], rule[1], rule[2])
		d.pdf.SetLineWidth(0.2)
		d.pdf.Rect(x, y, w, h, "FD")
		for i, t := range r.Totals {
			by := y + 1.5 + float64(i)*row + row*0.68
			d.text(x+3, by, 10, muted, i18n.L(t.Label))
			d.textRight(x+w-3, by, 12, ink, t.Value)
		}
		y += h
	}
	y += 9
	d.text(x, y, 12, ink, i18n.L("Revenue by tier"))
	y += 2.5
	barH := chartTop + curveH - y
	if len(r.ByTier) > 0 && barH > 30 {
		c, err := build([]Series{{Name: "Revenue", Points: r.ByTier}}, Options{Width: int(w / mmPerPx), Height: int(barH / mmPerPx)}.withDefaults(), true)
		if err != nil {
			return fmt.Errorf("meeting report: revenue by tier: %w", err)
		}
		if err := drawChart(d.pdf, c, x, y, mmPerPx); err != nil {
			return fmt.Errorf("meeting report: revenue by tier: %w", err)
		}
		d.text(x, y+barH+5, 9, muted, i18n.L("Figure 2. Revenue by customer tier."))
	}
	return nil
}

func (r *MeetingReport) page2(d *doc) {
	d.newPage()
	top := d.heading(i18n.L("Top 10 customers"), r.subtitle()) + 8
	cols := []column{
		{i18n.L("Rank"), 18, 'C'},
		{i18n.L("Customer"), 121, 'L'},
		{i18n.L("{{.Measure}} ({{.Unit}})", map[string]any{"Measure": i18n.L("Revenue"), "Unit": i18n.L("CNY")}), 56, 'R'},
		{i18n.L("Orders"), 32, 'R'},
		{i18n.L("Share"), 42, 'R'},
	}
	var rows [][]string
	var rev, orders int64
	var share float64
	for _, t := range r.Top {
		rows = append(rows, []string{strconv.Itoa(t.Rank), t.Name, Money(t.Revenue), group(float64(t.Orders), 0), Percent(t.Share)})
		rev, orders, share = rev+t.Revenue, orders+t.Orders, share+t.Share
	}
	if len(r.Top) == 0 {
		d.text(margin, top+8, 10, muted, i18n.L("No sales in this period."))
		return
	}
	y := d.table(top, cols, rows, 10)
	// The sum of the rows, under a rule.
	p := d.pdf
	p.SetDrawColor(0x44, 0x44, 0x44)
	p.SetLineWidth(0.4)
	p.Line(margin, y, margin+sumW(cols), y)
	d.row(y, cols, []string{"", i18n.L("Top {{.N}} together", map[string]any{"N": len(r.Top)}), Money(rev), group(float64(orders), 0), Percent(share)}, 10, false)
}

type column struct {
	title string
	w     float64
	align byte // 'L', 'C', 'R'
}

func sumW(cols []column) float64 {
	s := 0.0
	for _, c := range cols {
		s += c.w
	}
	return s
}

// table draws a header and rows from y; it returns the y below the last row.
func (d *doc) table(y float64, cols []column, rows [][]string, rowH float64) float64 {
	p := d.pdf
	p.SetFillColor(0x1F, 0x4E, 0x9C)
	p.Rect(margin, y, sumW(cols), rowH, "F")
	x := margin
	for _, c := range cols {
		d.cell(x, y, c, c.title, rowH, [3]int{0xFF, 0xFF, 0xFF}, headSize)
		x += c.w
	}
	y += rowH
	for i, row := range rows {
		d.row(y, cols, row, rowH, i%2 == 1)
		y += rowH
	}
	return y
}

func (d *doc) row(y float64, cols []column, row []string, rowH float64, zebra bool) {
	if zebra {
		d.pdf.SetFillColor(shade[0], shade[1], shade[2])
		d.pdf.Rect(margin, y, sumW(cols), rowH, "F")
	}
	x := margin
	for j, c := range cols {
		if j < len(row) {
			d.cell(x, y, c, row[j], rowH, ink, cellSize)
		}
		x += c.w
	}
}

// cell writes s in a column, shrinking the size of what would overflow it.
func (d *doc) cell(x, y float64, c column, s string, rowH float64, col [3]int, size float64) {
	p := d.pdf
	for p.SetFont(pdfFont, "", size); size > 6 && p.GetStringWidth(s) > c.w-4; p.SetFont(pdfFont, "", size) {
		size -= 0.5
	}
	tw := p.GetStringWidth(s)
	tx := x + 2
	switch c.align {
	case 'R':
		tx = x + c.w - 2 - tw
	case 'C':
		tx = x + (c.w-tw)/2
	}
	d.text(tx, y+rowH*0.5+size*0.352*0.36, size, col, s)
}

const sectionRowH = 8.0

func sectionRowsPerPage() int { return int(math.Floor((footerY - 10 - 40) / sectionRowH)) }

func sectionPages(s Section) int {
	return max(1, int(math.Ceil(float64(len(s.Rows))/float64(sectionRowsPerPage()))))
}

// Sizes of a table's text, and the room kept between two columns' texts.
const (
	headSize = 10.0
	cellSize = 10.5
	colGap   = 6.0 // mm: besides the 2 mm inset either side of a cell
)

// section writes an extra table over as many pages as it needs, the header repeated.
func (d *doc) section(s Section) {
	cols := d.sectionColumns(s)
	per := sectionRowsPerPage()
	for start := 0; start == 0 || start < len(s.Rows); start += per {
		d.newPage()
		top := d.heading(i18n.L(s.Title), d.company) + 8
		d.table(top, cols, s.Rows[start:min(len(s.Rows), start+per)], sectionRowH)
	}
}

// sectionColumns sizes a section's columns by their widest text as the PDF
// measures it (header and cells), plus colGap, so no two columns' texts touch
// (right-aligned figures beside a left-aligned header did, when the widths
// followed character counts); what is left of the page is shared out evenly.
// A column is at most 40% of the page; when even the texts do not fit, the
// widths shrink in proportion and cell shrinks the text.
func (d *doc) sectionColumns(s Section) []column {
	avail := pageW - 2*margin
	cols := make([]column, len(s.Columns))
	total := 0.0
	for j := range s.Columns {
		cols[j] = column{title: i18n.L(s.Columns[j]), align: 'L'}
		d.pdf.SetFont(pdfFont, "", headSize)
		need := d.pdf.GetStringWidth(cols[j].title)
		d.pdf.SetFont(pdfFont, "", cellSize)
		numeric := len(s.Rows) > 0
		for _, row := range s.Rows {
			if j < len(row) {
				need = max(need, d.pdf.GetStringWidth(row[j]))
				numeric = numeric && isNumber(row[j])
			}
		}
		if numeric {
			cols[j].align = 'R'
		}
		cols[j].w = min(avail*0.4, need+4+colGap)
		total += cols[j].w
	}
	for j := range cols {
		if total > avail {
			cols[j].w *= avail / total
		} else {
			cols[j].w += (avail - total) / float64(len(cols))
		}
	}
	return cols
}

func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	s = strings.TrimLeft(strings.NewReplacer(",", "", "%", "", "¥", "").Replace(s), "+-")
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
