package model

import "time"

// Complaint is one customer complaint (投诉) with its whole history. Times
// are set by the caller (app), which owns the clock; a zero time means "not
// yet".
type Complaint struct {
	ID             string    `json:"id"`
	CustomerID     string    `json:"customer_id"`
	Contact        string    `json:"contact,omitempty"`
	Channel        string    `json:"channel"`  // phone, email, visit, wechat, web, other
	Category       string    `json:"category"` // quality, delivery, billing, service, other
	Severity       string    `json:"severity"` // low, medium, high
	Text           string    `json:"text"`
	Attachments    []string  `json:"attachments,omitempty"` // file names under the data folder's attachments/
	Assignee       string    `json:"assignee,omitempty"`
	Status         string    `json:"status"` // new, acknowledged, in_progress, resolved, closed
	OpenedAt       time.Time `json:"opened_at"`
	AcknowledgedAt time.Time `json:"acknowledged_at,omitzero"`
	ResolvedAt     time.Time `json:"resolved_at,omitzero"`
	ClosedAt       time.Time `json:"closed_at,omitzero"`
	Resolution     string    `json:"resolution,omitempty"`
	Satisfaction   int       `json:"satisfaction,omitempty"` // 0 not rated, 1..5
	History        []Event   `json:"history"`
}

// Event is one entry of a complaint's history: a status change (From → To),
// a changed field (From → To of that field) or a note.
type Event struct {
	At   time.Time `json:"at"`
	Who  string    `json:"who,omitempty"`
	Kind string    `json:"kind"` // opened, status, note, assignee, resolution, satisfaction
	From string    `json:"from,omitempty"`
	To   string    `json:"to,omitempty"`
	Note string    `json:"note,omitempty"`
}

// The complaint enumerations' codes, in display order.
var (
	Channels           = []string{"phone", "email", "visit", "wechat", "web", "other"}
	Categories         = []string{"quality", "delivery", "billing", "service", "other"}
	Severities         = []string{"high", "medium", "low"}
	ComplaintStatuses  = []string{"new", "acknowledged", "in_progress", "resolved", "closed"}
	ComplaintEventKind = []string{"opened", "status", "note", "assignee", "resolution", "satisfaction"}
)
