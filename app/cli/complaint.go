package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/app/enum"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

// The complaint commands: complaint add|list|show|update and report
// complaints. Invalid values (an unknown category or status, satisfaction 7,
// a status change the workflow forbids) are errors, exit 1, as the complaint
// issue asks; a missing required flag is a usage error, exit 2.

var (
	complaintAddFlags = map[string]bool{"customer": true, "category": true, "severity": true, "channel": true,
		"text": true, "contact": true, "assignee": true, "attach": true, "by": true}
	complaintListFlags = map[string]bool{"status": true, "customer": true, "category": true, "severity": true,
		"assignee": true, "overdue": false, "open": false, "sort": true, "asc": false, "desc": false, "limit": true}
	complaintUpdateFlags = map[string]bool{"status": true, "note": true, "resolution": true, "satisfaction": true,
		"assignee": true, "by": true}
)

// complaintFail turns the app's complaint errors into one translated line.
func complaintFail(err error) error {
	var ce *complaints.Error
	if errors.As(err, &ce) {
		return &failure{msg: i18n.L(ce.Msg, ce.Data), code: exitError}
	}
	return err
}

func runComplaintAdd(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "complaint add"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	for _, f := range []string{"customer", "category", "severity", "channel", "text"} {
		if strings.TrimSpace(flags[f]) == "" {
			return usageErr(cmd, "Give --{{.Flag}}: a complaint needs it.", map[string]any{"Flag": f})
		}
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	cust, err := resolve(svc, flags["customer"])
	if err != nil {
		return err
	}
	cp := &model.Complaint{CustomerID: cust.ID, Category: flags["category"], Severity: flags["severity"],
		Channel: flags["channel"], Text: flags["text"], Contact: flags["contact"], Assignee: flags["assignee"]}
	if a := strings.TrimSpace(flags["attach"]); a != "" {
		cp.Attachments = []string{a}
	}
	if err := svc.Complaints.Add(cp, flags["by"]); err != nil {
		return complaintFail(err)
	}
	fmt.Fprintln(c.stdout, cp.ID)
	return nil
}

// codeFlag reads an enumeration flag of the complaint commands; an unknown
// value is an error (exit 1).
func codeFlag(flags map[string]string, name, kind string, codes []string) (string, error) {
	v := strings.TrimSpace(flags[name])
	if v == "" {
		return "", nil
	}
	if code, ok := enum.ParseCode(kind, codes, v); ok {
		return code, nil
	}
	return "", fail("Unknown {{.Flag}} {{.Value}}: use one of {{.Codes}}.",
		map[string]any{"Flag": name, "Value": strconv.Quote(v), "Codes": strings.Join(codes, ", ")})
}

// complaintColumns are `complaint list`'s columns; their keys are the JSON
// contract. The table adds an overdue column.
var complaintColumns = []Column{
	{Key: "id", Label: "ID"},
	{Key: "customer", Label: "Customer"},
	{Key: "category", Label: "Category", Enum: "category"},
	{Key: "severity", Label: "Severity", Enum: "severity"},
	{Key: "status", Label: "Status", Enum: "status"},
	{Key: "opened_at", Label: "Opened", Show: showTime},
	{Key: "resolved_at", Label: "Resolved", Show: showTime},
	{Key: "satisfaction", Label: "Satisfaction", Show: showRating, Right: true},
}

var overdueColumn = Column{Key: "overdue", Label: "Overdue", Show: func(v any) string {
	if v == true {
		return i18n.L("OVERDUE")
	}
	return ""
}}

// rfc3339 is a timestamp for JSON and CSV; "" when not yet.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// showTime shows an RFC 3339 timestamp in local time, to the minute.
func showTime(v any) string {
	t, err := time.Parse(time.RFC3339, plain(v))
	if err != nil {
		return plain(v)
	}
	return t.Local().Format("2006-01-02 15:04")
}

func showRating(v any) string {
	if n, ok := v.(int); ok && n == 0 {
		return ""
	}
	return plain(v)
}

func runComplaintList(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "complaint list"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	f := complaints.Filter{Assignee: flags["assignee"], Overdue: flags["overdue"] != "", Open: flags["open"] != ""}
	var err error
	if f.Status, err = codeFlag(flags, "status", "status", model.ComplaintStatuses); err != nil {
		return err
	}
	if f.Category, err = codeFlag(flags, "category", "category", model.Categories); err != nil {
		return err
	}
	if f.Severity, err = codeFlag(flags, "severity", "severity", model.Severities); err != nil {
		return err
	}
	f.Sort = strings.ToLower(strings.TrimSpace(flags["sort"]))
	if f.Sort == "" {
		f.Sort = "opened"
	}
	if !slices.Contains(complaints.SortKeys, f.Sort) {
		return usageErr(cmd, "Unknown sort key {{.Key}}: use one of {{.Keys}}.", map[string]any{"Key": f.Sort, "Keys": strings.Join(complaints.SortKeys, ", ")})
	}
	f.Desc = flags["desc"] != ""
	if f.Limit, err = intFlag(cmd, flags, "limit", 0, 1); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if ref := strings.TrimSpace(flags["customer"]); ref != "" {
		cust, err := resolve(svc, ref)
		if err != nil {
			return err
		}
		f.CustomerID = cust.ID
	}
	truncate := f.Limit == 0 && c.format == formatTable
	if truncate {
		f.Limit = tableRows
	}
	rows, total, err := svc.Complaints.List(f)
	if err != nil {
		return err
	}
	t := &Table{Cols: complaintColumns, Rows: make([][]any, len(rows))}
	if c.format == formatTable {
		t.Cols = append(slices.Clone(complaintColumns), overdueColumn)
	}
	for i, r := range rows {
		t.Rows[i] = []any{r.ID, r.CustomerName, r.Category, r.Severity, r.Status, rfc3339(r.OpenedAt), rfc3339(r.ResolvedAt), r.Satisfaction, r.Overdue}
	}
	if truncate {
		t.More = total - len(rows)
	}
	return t.write(c.stdout, c.format)
}

// complaintJSON is `complaint show --format json`: the record with what is
// computed from it.
type complaintJSON struct {
	*model.Complaint
	Customer      string   `json:"customer"`
	ResponseHours *float64 `json:"response_hours"`
	HandlingHours *float64 `json:"handling_hours"`
	Overdue       bool     `json:"overdue"`
}

func runComplaintShow(c *ctx, flags map[string]string, pos []string) error {
	if len(pos) != 1 {
		return usageErr("complaint show", "Give one complaint id.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	r, err := complaintByID(svc, pos[0])
	if err != nil {
		return err
	}
	if c.format == formatJSON {
		j := complaintJSON{Complaint: r.Complaint, Customer: r.CustomerName, Overdue: r.Overdue}
		if r.Responded {
			j.ResponseHours = hoursPtr(r.Response)
		}
		if r.Handled {
			j.HandlingHours = hoursPtr(r.Handling)
		}
		b, err := json.MarshalIndent(j, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(c.stdout, "%s\n", b)
		return err
	}
	if c.format == formatTable {
		w := c.stdout
		status := i18n.Enum("status", r.Status)
		if r.Overdue {
			status += "  " + i18n.L("OVERDUE")
		}
		lines := [][]string{
			{i18n.L("Customer"), r.CustomerName},
			{i18n.L("Category"), i18n.Enum("category", r.Category)},
			{i18n.L("Severity"), i18n.Enum("severity", r.Severity)},
			{i18n.L("Channel"), i18n.Enum("channel", r.Channel)},
			{i18n.L("Contact"), r.Contact},
			{i18n.L("Assignee"), r.Assignee},
			{i18n.L("Status"), status},
			{i18n.L("Opened"), showTime(rfc3339(r.OpenedAt))},
			{i18n.L("Response time"), durationText(r.Responded, r.Response, r.Target.Acknowledge)},
			{i18n.L("Handling time"), durationText(r.Handled, r.Handling, r.Target.Resolve)},
			{i18n.L("Description"), oneLine(r.Text)},
			{i18n.L("Resolution"), oneLine(r.Resolution)},
			{i18n.L("Satisfaction"), showRating(r.Satisfaction)},
		}
		for _, a := range r.Attachments {
			lines = append(lines, []string{i18n.L("Attachment"), a})
		}
		writeAligned(w, lines, nil, false)
		fmt.Fprintln(w)
	}
	t := &Table{Cols: []Column{
		{Key: "at", Label: "Time", Show: showTime}, {Key: "who", Label: "Who"}, {Key: "kind", Label: "Change", Enum: "event"},
		{Key: "from", Label: "From"}, {Key: "to", Label: "To"}, {Key: "note", Label: "Note"}}}
	for _, e := range r.History {
		from, to := e.From, e.To
		if c.format == formatTable && (e.Kind == "status" || e.Kind == "reopened" || e.Kind == "opened") {
			from, to = i18n.Enum("status", from), i18n.Enum("status", to)
		}
		t.Rows = append(t.Rows, []any{rfc3339(e.At), e.Who, e.Kind, from, to, e.Note})
	}
	return t.write(c.stdout, c.format)
}

// durationText is "2.00 h (target 4.00 h)", or "—" when not yet.
func durationText(ok bool, d, target time.Duration) string {
	if !ok {
		return "—"
	}
	return i18n.L("{{.Hours}} h (target {{.Target}} h)", map[string]any{
		"Hours": strconv.FormatFloat(hours(d), 'f', 2, 64), "Target": strconv.FormatFloat(hours(target), 'f', 2, 64)})
}

func hours(d time.Duration) float64 { return math.Round(d.Hours()*100) / 100 }

func hoursPtr(d time.Duration) *float64 {
	h := hours(d)
	return &h
}

func complaintByID(svc *app.Service, id string) (*complaints.Row, error) {
	r, err := svc.Complaints.Get(strings.TrimSpace(id))
	if errors.Is(err, model.ErrNotFound) {
		return nil, fail("complaint {{.ID}} not found: run 'kehu complaint list' to find its id.", map[string]any{"ID": id})
	}
	return r, err
}

func runComplaintUpdate(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "complaint update"
	if len(pos) != 1 {
		return usageErr(cmd, "Give one complaint id.")
	}
	ch := complaints.Change{Status: strings.TrimSpace(flags["status"]), Note: flags["note"],
		Resolution: flags["resolution"], Assignee: flags["assignee"], By: flags["by"]}
	if v, ok := flags["satisfaction"]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > 5 {
			return fail("Satisfaction is rated from 1 to 5, not {{.Value}}.", map[string]any{"Value": v})
		}
		ch.Satisfaction = n
	}
	if ch == (complaints.Change{By: ch.By}) {
		return usageErr(cmd, "Say what to change: --status, --note, --resolution, --satisfaction or --assignee.")
	}
	if ch.Status != "" {
		code, err := codeFlag(map[string]string{"status": ch.Status}, "status", "status", complaints.StatusChanges)
		if err != nil {
			return err
		}
		ch.Status = code
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if _, err := complaintByID(svc, pos[0]); err != nil {
		return err
	}
	cp, err := svc.Complaints.Update(strings.TrimSpace(pos[0]), ch)
	if err != nil {
		return complaintFail(err)
	}
	fmt.Fprintln(c.stdout, i18n.L("Complaint {{.ID}} is now {{.Status}}.", map[string]any{"ID": cp.ID, "Status": i18n.Enum("status", cp.Status)}))
	return nil
}

func runReportComplaints(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "report complaints"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	by := strings.ToLower(strings.TrimSpace(flags["by"]))
	if by == "" {
		by = "category"
	}
	if !slices.Contains(complaints.Groupings, by) {
		return usageErr(cmd, "Unknown grouping {{.By}}: use --by category, customer, month or status.", map[string]any{"By": strconv.Quote(by)})
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	gs, err := svc.Reports.ComplaintReport(by)
	if err != nil {
		return err
	}
	groupCol := Column{Key: "group", Label: map[string]string{"category": "Category", "customer": "Customer", "month": "Month", "status": "Status"}[by]}
	if by == "category" || by == "status" {
		groupCol.Enum = by
	}
	cols := []Column{groupCol}
	if by == "customer" {
		cols = append(cols, Column{Key: "customer_id", Label: "ID"})
	}
	num := func(key, label string) Column { return Column{Key: key, Label: label, Right: true} }
	pct := func(key, label string) Column {
		return Column{Key: key, Label: label, Right: true, Show: func(v any) string {
			if f, ok := v.(float64); ok {
				return strconv.FormatFloat(f*100, 'f', 0, 64) + "%"
			}
			return ""
		}}
	}
	cols = append(cols,
		num("complaints", "Complaints"), num("open", "Still open"), num("overdue", "Overdue"),
		num("acknowledged", "Acknowledged"), num("avg_response_hours", "Avg response (h)"), num("median_response_hours", "Median response (h)"),
		num("response_target_hours", "Response target (h)"), pct("response_within_target", "Acknowledged in time"),
		num("resolved", "Resolved complaints"), num("avg_handling_hours", "Avg handling (h)"), num("median_handling_hours", "Median handling (h)"),
		num("handling_target_hours", "Handling target (h)"), pct("resolved_within_target", "Resolved in time"),
		num("avg_satisfaction", "Avg satisfaction"))
	t := &Table{Cols: cols}
	for _, g := range gs {
		h := func(ok bool, d time.Duration) any {
			if !ok {
				return nil
			}
			return hours(d)
		}
		share := func(s float64, ok bool) any {
			if !ok {
				return nil
			}
			return math.Round(s*100) / 100
		}
		var sat any
		if g.Rated > 0 {
			sat = math.Round(g.AvgSatisfaction*100) / 100
		}
		row := []any{g.Label}
		if by == "customer" {
			row = append(row, g.Group)
		}
		resp, hand := g.Responded > 0, g.Handled > 0
		row = append(row, g.Count, g.Open, g.Overdue,
			g.Responded, h(resp, g.AvgResponse), h(resp, g.MedianResponse), h(resp, g.ResponseTarget), share(g.ShareResponseWithinTarget()),
			g.Handled, h(hand, g.AvgHandling), h(hand, g.MedianHandling), h(hand, g.HandlingTarget), share(g.ShareResolvedWithinTarget()),
			sat)
		t.Rows = append(t.Rows, row)
	}
	return t.write(c.stdout, c.format)
}

func runComplaintAttachment(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "complaint attachment"
	if len(pos) != 2 {
		return usageErr(cmd, "Give the complaint id and the attachment's name, as complaint show lists it.")
	}
	out := strings.TrimSpace(flags["out"])
	if out == "" {
		return usageErr(cmd, "Say where to write it: --out FILE.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if _, err := complaintByID(svc, pos[0]); err != nil {
		return err
	}
	err = svc.Complaints.SaveAttachment(strings.TrimSpace(pos[0]), pos[1], out)
	d := map[string]any{"ID": pos[0], "Name": pos[1], "File": out}
	switch {
	case errors.Is(err, complaints.ErrNoSuchAttachment):
		return fail("Complaint {{.ID}} has no attachment {{.Name}}: run 'kehu complaint show {{.ID}}' to see its attachments.", d)
	case errors.Is(err, os.ErrNotExist) && !fileParentMissing(out):
		return fail("The attachment {{.Name}} is missing from the data folder: restore it from a backup (kehu check lists what is missing).", d)
	case errors.Is(err, model.ErrAttachmentDamaged):
		return fail("The attachment {{.Name}} is damaged (altered since it was attached): restore it from a backup; nothing was written.", d)
	case err != nil:
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("Saved {{.File}}.", d))
	return nil
}

// fileParentMissing reports whether the folder of path does not exist.
func fileParentMissing(path string) bool {
	_, err := os.Stat(filepath.Dir(path))
	return errors.Is(err, os.ErrNotExist)
}
