package export

import (
	"bufio"
	"cmp"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"
)

// Complaints writes complaints to w in the format. CSV and .xlsx, for
// people, keep the given order and add what is computed from each complaint
// (customer name, response and handling hours, overdue); JSON Lines, for
// machines, is the stored record with the customer's name, sorted by id, so
// it depends on nothing but the store.
func Complaints(w io.Writer, format Format, rows []*complaints.Row, o Options) error {
	enc, tr, loc, err := prepare(format, o)
	if err != nil {
		return err
	}
	if format == JSONL {
		return writeComplaintsJSONL(w, rows)
	}
	t := complaintTable(rows, tr, loc)
	if format == CSV {
		return writeCSV(w, enc, t)
	}
	return writeXLSX(w, tr.L("Complaints"), t)
}

// complaintTable lays out complaints for people, one a row.
func complaintTable(rows []*complaints.Row, tr *labels, loc *time.Location) *table {
	t := &table{}
	for _, h := range []string{"ID", "Opened", "Customer ID", "Customer", "Contact", "Channel", "Category", "Severity",
		"Status", "Assignee", "Description", "Acknowledged at", "Resolved", "Closed at", "Response (h)", "Handling (h)",
		"Overdue", "Resolution", "Satisfaction", "Attachments"} {
		t.head = append(t.head, tr.L(h))
	}
	when := func(at time.Time) cell {
		if at.IsZero() {
			return cell{kind: stamp}
		}
		at = at.In(loc)
		return cell{kind: stamp, s: at.Format(timeLayout), t: at}
	}
	// Hours are numbers with two decimals, written by Kehu: never guarded.
	hours := func(ok bool, d time.Duration) cell {
		if !ok {
			return cell{kind: amount}
		}
		h := d.Round(36 * time.Second) // hundredths of an hour
		m := int64(h / (36 * time.Second))
		return cell{kind: amount, s: strconv.FormatFloat(float64(m)/100, 'f', 2, 64), m: m}
	}
	for _, r := range rows {
		if r == nil || r.Complaint == nil {
			continue
		}
		overdue := ""
		if r.Overdue {
			overdue = tr.L("Yes")
		}
		sat := ""
		if r.Satisfaction > 0 {
			sat = strconv.Itoa(r.Satisfaction)
		}
		t.rows = append(t.rows, []cell{
			{s: r.ID}, when(r.OpenedAt), {s: r.CustomerID}, {s: r.CustomerName}, {s: r.Contact},
			{s: tr.Enum("channel", r.Channel)}, {s: tr.Enum("category", r.Category)}, {s: tr.Enum("severity", r.Severity)},
			{s: tr.Enum("status", r.Status)}, {s: r.Assignee}, {s: r.Text},
			when(r.AcknowledgedAt), when(r.ResolvedAt), when(r.ClosedAt),
			hours(r.Responded, r.Response), hours(r.Handled, r.Handling),
			{s: overdue}, {s: r.Resolution}, {s: sat}, {s: strings.Join(r.Attachments, "; ")},
		})
	}
	return t
}

// jsonComplaint is the stored record with the customer's name.
type jsonComplaint struct {
	*model.Complaint
	Customer string `json:"customer"`
}

// writeComplaintsJSONL writes one complaint a line, sorted by id, unaltered.
func writeComplaintsJSONL(w io.Writer, rows []*complaints.Row) error {
	sorted := make([]*complaints.Row, 0, len(rows))
	for _, r := range rows {
		if r != nil && r.Complaint != nil {
			sorted = append(sorted, r)
		}
	}
	slices.SortStableFunc(sorted, func(a, b *complaints.Row) int { return cmp.Compare(a.ID, b.ID) })
	bw := bufio.NewWriterSize(w, 64<<10)
	je := json.NewEncoder(bw)
	je.SetEscapeHTML(false)
	for _, r := range sorted {
		if err := je.Encode(jsonComplaint{Complaint: r.Complaint, Customer: r.CustomerName}); err != nil {
			return err
		}
	}
	return bw.Flush()
}
