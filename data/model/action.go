package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ActionStatuses are an action's states: open until done or cancelled.
var ActionStatuses = []string{"open", "done", "cancelled"}

// ErrBadStatus means an action status outside ActionStatuses.
var ErrBadStatus = errors.New("unknown action status (open, done, cancelled)")

// Action is one step of a key account's action plan (行动计划): what is to be
// done, by whom, by when, and whether it was.
type Action struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Text       string    `json:"text"`
	Owner      string    `json:"owner,omitempty"`
	Due        string    `json:"due,omitempty"`  // YYYY-MM-DD
	Status     string    `json:"status"`         // open, done, cancelled
	Kind       string    `json:"kind,omitempty"` // "" plan, "winback" a win-back (客户再生) step
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
}

func (a *Action) Clean() error {
	a.Text = strings.TrimSpace(a.Text)
	if a.Text == "" {
		return fmt.Errorf("action: %w", ErrNoText)
	}
	if a.Due != "" && !ValidDate(a.Due) {
		return fmt.Errorf("action due date %q: %w", a.Due, ErrBadDate)
	}
	if a.Status == "" {
		a.Status = "open"
	}
	if !slices.Contains(ActionStatuses, a.Status) {
		return fmt.Errorf("action status %q: %w", a.Status, ErrBadStatus)
	}
	return nil
}
