package cli

import (
	"errors"

	"github.com/kehu-crm/kehu/data/model"
)

// followUpCommands list the overdue follow-ups of interactions and tick
// them done; appended to the command table.
var followUpCommands = []*command{
	{name: "followup list", about: "List the open follow-ups whose date has passed, oldest first (the dashboard's overdue follow-ups).",
		run: runFollowUpList},
	{name: "followup done", args: "ID [--undo]", about: "Mark an interaction's follow-up done (--undo: open again); it no longer counts as overdue.",
		flags: map[string]bool{"undo": false}, run: runFollowUpDone},
}

func init() {
	commands = append(commands, followUpCommands...)
	groups = append(groups, "followup")
}

var followUpColumns = []Column{
	{Key: "id", Label: "ID"},
	{Key: "customer_id", Label: "Customer ID"},
	{Key: "customer", Label: "Customer"},
	{Key: "follow_up", Label: "Follow-up"},
	{Key: "days_overdue", Label: "Days overdue", Right: true},
	{Key: "summary", Label: "Summary"},
}

func runFollowUpList(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("followup list", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	rows, err := svc.Customers.OverdueFollowUps()
	if err != nil {
		return err
	}
	t := &Table{Cols: followUpColumns, Rows: make([][]any, len(rows))}
	for i, r := range rows {
		t.Rows[i] = []any{r.ID, r.CustomerID, r.Customer, r.Due, r.Days, r.Summary}
	}
	return t.write(c.stdout, c.format)
}

func runFollowUpDone(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "followup done"
	if len(pos) != 1 {
		return usageErr(cmd, "Give the interaction's id: see kehu followup list.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	in, err := svc.Customers.InteractionByID(pos[0])
	if errors.Is(err, model.ErrNotFound) {
		return fail("There is no interaction {{.ID}}: see kehu followup list.", map[string]any{"ID": pos[0]})
	}
	if err != nil {
		return err
	}
	_, err = svc.Customers.SetFollowUpDone(in.CustomerID, in.ID, flags["undo"] == "")
	if errors.Is(err, model.ErrNoFollowUp) {
		return fail("The interaction {{.ID}} has no follow-up date.", map[string]any{"ID": pos[0]})
	}
	return err
}
