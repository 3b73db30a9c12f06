package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/i18n"
)

// accountCommands are the relationship, key-account and win-back commands;
// commands.go appends them to its table.
var accountCommands = []*command{
	{name: "assess", args: "CUST --scores A,P,I,G,S,C [--date DATE] [--note TEXT] [--by NAME]",
		about: "Score a customer relationship on the six dimensions (1–5) and print the assessment's id.",
		flags: map[string]bool{"scores": true, "date": true, "note": true, "by": true}, more: printAssessHelp, run: runAssess},
	{name: "survey", args: "CUST --score 1..5 [--date DATE] [--comment TEXT]",
		about: "Record a satisfaction survey of a customer and print its id.",
		flags: map[string]bool{"score": true, "date": true, "comment": true}, run: runSurvey},
	{name: "action add", args: "--customer CUST --text TEXT [--owner NAME] [--due DATE]",
		about: "Add an action to a customer's plan and print its id.",
		flags: map[string]bool{"customer": true, "text": true, "owner": true, "due": true}, run: runActionAdd},
	{name: "action list", args: "[--overdue] [--customer CUST]",
		about: "List the actions of one customer, or the overdue actions of all customers.",
		flags: map[string]bool{"overdue": false, "customer": true}, run: runActionList},
	{name: "action status", args: "CUST ID open|done|cancelled",
		about: "Mark an action open, done or cancelled.", run: runActionStatus},
	{name: "report accounts", about: "List the key accounts with what their decision chain lacks, goals, open and overdue actions, latest scores.",
		run: runReportAccounts},
	{name: "report winback", args: "[--months N] [--limit N]",
		about: "List the lost customers (no purchase for N whole months; default the setting, 6) ranked by past value, with their last contact.",
		flags: map[string]bool{"months": true, "limit": true}, run: runReportWinback},
	{name: "chart radar", args: "CUST --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw a customer's relationship radar (latest and previous assessment) to PNG, SVG or PDF.",
		flags: map[string]bool{"out": true, "width": true, "height": true}, run: runChartRadar},
}

func printAssessHelp(w io.Writer) {
	names := make([]string, len(model.AssessmentDimensions))
	for i, d := range model.AssessmentDimensions {
		names[i] = d + " (" + i18n.Enum("dimension", d) + ")"
	}
	fmt.Fprintln(w, i18n.L("--scores gives six whole numbers from 1 to 5, in this order: {{.List}}.", map[string]any{"List": strings.Join(names, ", ")}))
}

// dateFlag reads an optional date flag in any form model.ParseDate knows
// (2026/3/15, 3/15, 明天, +7 …), counting from the business clock.
func dateFlag(c *ctx, cmd string, flags map[string]string, name string) (string, error) {
	v := strings.TrimSpace(flags[name])
	if v == "" {
		return "", nil
	}
	d, err := model.ParseDate(v, c.now())
	if err != nil {
		return "", usageErr(cmd, "The flag --{{.Flag}} wants a date such as 2026-03-15, not {{.Value}}.", map[string]any{"Flag": name, "Value": strconv.Quote(v)})
	}
	return d, nil
}

// oneCustomer reads the single CUST argument.
func oneCustomer(c *ctx, cmd string, pos []string) (*app.Service, *model.Customer, error) {
	if len(pos) != 1 {
		return nil, nil, usageErr(cmd, "Name one customer (its name or id).")
	}
	svc, err := c.service()
	if err != nil {
		return nil, nil, err
	}
	cust, err := resolve(svc, pos[0])
	return svc, cust, err
}

func runAssess(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "assess"
	parts := strings.FieldsFunc(flags["scores"], func(r rune) bool { return r == ',' || r == '，' || r == ' ' })
	scores := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 5 {
			scores = nil
			break
		}
		scores[i] = n
	}
	if len(scores) != len(model.AssessmentDimensions) {
		return usageErr(cmd, "Give --scores as six whole numbers from 1 to 5, such as 5,4,4,4,5,3.")
	}
	date, err := dateFlag(c, cmd, flags, "date")
	if err != nil {
		return err
	}
	svc, cust, err := oneCustomer(c, cmd, pos)
	if err != nil {
		return err
	}
	a := &model.Assessment{CustomerID: cust.ID, Date: date, Scores: scores, Note: strings.TrimSpace(flags["note"]), By: strings.TrimSpace(flags["by"])}
	if err := svc.Accounts.AddAssessment(a); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, a.ID)
	return nil
}

func runSurvey(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "survey"
	score, err := strconv.Atoi(strings.TrimSpace(flags["score"]))
	if err != nil || score < 1 || score > 5 {
		return usageErr(cmd, "Give --score as a whole number from 1 to 5.")
	}
	date, err := dateFlag(c, cmd, flags, "date")
	if err != nil {
		return err
	}
	svc, cust, err := oneCustomer(c, cmd, pos)
	if err != nil {
		return err
	}
	v := &model.Survey{CustomerID: cust.ID, Date: date, Score: score, Comment: flags["comment"]}
	if err := svc.Accounts.AddSurvey(v); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, v.ID)
	return nil
}

func runActionAdd(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "action add"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	for _, f := range []string{"customer", "text"} {
		if strings.TrimSpace(flags[f]) == "" {
			return usageErr(cmd, "Give --{{.Flag}}: an action needs it.", map[string]any{"Flag": f})
		}
	}
	due, err := dateFlag(c, cmd, flags, "due")
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	cust, err := resolve(svc, flags["customer"])
	if err != nil {
		return err
	}
	a := &model.Action{CustomerID: cust.ID, Text: flags["text"], Owner: flags["owner"], Due: due}
	if err := svc.Accounts.AddAction(a); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, a.ID)
	return nil
}

var actionColumns = []Column{
	{Key: "id", Label: "ID"},
	{Key: "customer", Label: "Customer"},
	{Key: "text", Label: "Action"},
	{Key: "owner", Label: "Owner"},
	{Key: "due", Label: "Due"},
	{Key: "status", Label: "Status", Enum: "action"},
	{Key: "days_overdue", Label: "Days overdue", Right: true, Show: showRating},
}

func runActionList(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "action list"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	ref := strings.TrimSpace(flags["customer"])
	overdue := flags["overdue"] != ""
	if ref == "" && !overdue {
		return usageErr(cmd, "Give --customer CUST for its plan, or --overdue for every customer's overdue actions.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	now := svc.Now()
	var rows []*accounts.ActionRow
	if overdue {
		if rows, err = svc.Accounts.OverdueActions(now); err != nil {
			return err
		}
	}
	if ref != "" {
		cust, err := resolve(svc, ref)
		if err != nil {
			return err
		}
		if overdue {
			var mine []*accounts.ActionRow
			for _, r := range rows {
				if r.CustomerID == cust.ID {
					mine = append(mine, r)
				}
			}
			rows = mine
		} else {
			acts, err := svc.Accounts.Actions(cust.ID)
			if err != nil {
				return err
			}
			day := now.Local().Format("2006-01-02")
			for _, a := range acts {
				r := &accounts.ActionRow{Action: a, Customer: cust.Name}
				if a.Status == "open" && a.Due != "" && a.Due < day {
					r.DaysOverdue = daysBetween(a.Due, day)
				}
				rows = append(rows, r)
			}
		}
	}
	t := &Table{Cols: actionColumns, Rows: make([][]any, len(rows))}
	for i, r := range rows {
		t.Rows[i] = []any{r.ID, r.Customer, r.Text, r.Owner, r.Due, r.Status, r.DaysOverdue}
	}
	return t.write(c.stdout, c.format)
}

// daysBetween counts the days from a to b (dates YYYY-MM-DD).
func daysBetween(a, b string) int {
	x, _ := time.Parse(time.DateOnly, a)
	y, _ := time.Parse(time.DateOnly, b)
	return int(y.Sub(x).Hours() / 24)
}

func runActionStatus(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "action status"
	if len(pos) != 3 {
		return usageErr(cmd, "Give the customer, the action's id and the new status: open, done or cancelled.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	cust, err := resolve(svc, pos[0])
	if err != nil {
		return err
	}
	_, err = svc.Accounts.SetActionStatus(cust.ID, pos[1], pos[2])
	switch {
	case errors.Is(err, model.ErrBadStatus):
		return usageErr(cmd, "Unknown status {{.Value}}: use open, done or cancelled.", map[string]any{"Value": strconv.Quote(pos[2])})
	case errors.Is(err, model.ErrNotFound):
		return fail("{{.Customer}} has no action {{.ID}}: see kehu action list --customer.", map[string]any{"Customer": cust.Name, "ID": pos[1]})
	}
	return err
}

var accountColumns = []Column{
	{Key: "id", Label: "ID"},
	{Key: "name", Label: "Customer"},
	{Key: "tier", Label: "Tier"},
	{Key: "owner", Label: "Owner"},
	{Key: "contacts", Label: "Contacts", Right: true},
	{Key: "decision_makers", Label: "Decision makers", Right: true},
	{Key: "flags", Label: "Decision chain"},
	{Key: "goals", Label: "Goals", Right: true},
	{Key: "open_actions", Label: "Open actions", Right: true},
	{Key: "overdue_actions", Label: "Overdue", Right: true},
	{Key: "assessed", Label: "Assessed"},
	{Key: "score", Label: "Relationship", Right: true, Show: showScore},
	{Key: "satisfaction", Label: "Satisfaction", Right: true, Show: showRating},
}

func runReportAccounts(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("report accounts", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	rows, err := svc.Accounts.KeyAccounts(svc.Now())
	if err != nil {
		return err
	}
	t := &Table{Cols: accountColumns, Rows: make([][]any, len(rows))}
	for i, r := range rows {
		flagged := make([]string, len(r.Flags))
		for j, f := range r.Flags {
			flagged[j] = f
			if c.format == formatTable {
				flagged[j] = i18n.Enum("flag", f)
			}
		}
		score := math.Round(r.Score*100) / 100 // JSON: 4.17, not 4.166666666666667
		t.Rows[i] = []any{r.ID, r.Name, r.Tier, r.Owner, r.Contacts, r.DecisionMakers, strings.Join(flagged, " "),
			r.Goals, r.OpenActions, r.OverdueActions, r.Assessed, score, r.Satisfaction}
	}
	return t.write(c.stdout, c.format)
}

var winbackColumns = []Column{
	{Key: "id", Label: "ID"},
	{Key: "name", Label: "Customer"},
	{Key: "tier", Label: "Tier"},
	{Key: "past_value", Label: "Past value", Show: showMoney, Right: true},
	{Key: "orders", Label: "Orders", Right: true},
	{Key: "last_purchase", Label: "Last purchase"},
	{Key: "months_silent", Label: "Months silent", Right: true},
	{Key: "last_contact", Label: "Last contact"},
	{Key: "contact", Label: "Contact"},
	{Key: "phone", Label: "Phone"},
	{Key: "planned", Label: "Planned", Show: showYes},
}

// showYes shows true as 是 / Yes and false as nothing.
func showYes(v any) string {
	if v == true {
		return i18n.L("Yes")
	}
	return ""
}

// showScore shows a mean score with one decimal, nothing for none.
func showScore(v any) string {
	if f, ok := v.(float64); ok && f > 0 {
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	return ""
}

func runReportWinback(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "report winback"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	months, err := intFlag(cmd, flags, "months", svc.Accounts.WinBackMonths(), 1)
	if err != nil {
		return err
	}
	if months > 120 {
		return usageErr(cmd, "The flag --months wants a whole number from 1 to 120.")
	}
	limit, err := intFlag(cmd, flags, "limit", 0, 1)
	if err != nil {
		return err
	}
	truncate := limit == 0 && c.format == formatTable
	if truncate {
		limit = tableRows
	}
	rows, total, err := svc.Accounts.WinBack(months, svc.Now(), limit)
	if err != nil {
		return err
	}
	t := &Table{Cols: winbackColumns, Rows: make([][]any, len(rows))}
	for i, r := range rows {
		t.Rows[i] = []any{r.ID, r.Name, r.Tier, money(r.PastValue), r.Orders, r.LastPurchase, r.MonthsSilent, r.LastContact, r.Contact, r.Phone, r.Planned}
	}
	if truncate {
		t.More = total - len(rows)
	}
	return t.write(c.stdout, c.format)
}

func runChartRadar(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart radar"
	if _, ok := flags["height"]; !ok {
		flags["height"] = "760" // a radar wants to be about square
		if _, ok := flags["width"]; !ok {
			flags["width"] = "900"
		}
	}
	out, format, width, height, err := chartFile(cmd, flags)
	if err != nil {
		return err
	}
	svc, cust, err := oneCustomer(c, cmd, pos)
	if err != nil {
		return err
	}
	as, err := svc.Accounts.Assessments(cust.ID)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		return fail("{{.Name}} has no assessment yet: add one with kehu assess.", map[string]any{"Name": cust.Name})
	}
	err = app.WriteFileAtomic(out, func(w io.Writer) error { return accounts.RadarChart(w, format, cust, as, width, height) })
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	return nil
}

// The account commands follow the others in --help.
func init() { commands = append(commands, accountCommands...) }
