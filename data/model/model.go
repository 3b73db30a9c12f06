package model

import (
	"errors"
	"time"
)

// Customer is one record of the customer archive (客户档案).
// Enumerations are stored as stable English codes; the interface translates them.
type Customer struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	ShortName  string   `json:"short_name,omitempty"`
	Type       string   `json:"type,omitempty"` // chain, wholesaler, agent, retailer, consumer
	Industry   string   `json:"industry,omitempty"`
	Province   string   `json:"province,omitempty"`
	City       string   `json:"city,omitempty"`
	Address    string   `json:"address,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	Email      string   `json:"email,omitempty"`
	Website    string   `json:"website,omitempty"`
	TaxID      string   `json:"tax_id,omitempty"` // 统一社会信用代码
	Owner      string   `json:"owner,omitempty"`  // 负责人: the staff member responsible
	Tier       string   `json:"tier,omitempty"`   // S, A, B, C
	Stage      string   `json:"stage,omitempty"`  // exploration, development, stable, decline, lost
	Loyalty    string   `json:"loyalty,omitempty"`
	Fit        string   `json:"fit,omitempty"`         // strategic fit (战略匹配度): high, medium, low
	Source     string   `json:"source,omitempty"`      // referral, b2b, exhibition, flyer, cold_call, other
	ReferredBy string   `json:"referred_by,omitempty"` // id of the customer who introduced this one
	Tags       []string `json:"tags,omitempty"`
	Notes      string   `json:"notes,omitempty"`

	// Revenue is the annual revenue the customer reports or the staff estimate
	// (年销售额), in minor units of Currency. Sales records come later.
	Revenue  int64  `json:"revenue,omitempty"`
	Currency string `json:"currency,omitempty"`

	Contacts []Contact `json:"contacts,omitempty"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Contact is a person at a customer with a role in its decision chain (组织决策链).
type Contact struct {
	Name   string `json:"name"`
	Title  string `json:"title,omitempty"`
	Role   string `json:"role,omitempty"` // decision_maker, influencer, user, gatekeeper, coach
	Phone  string `json:"phone,omitempty"`
	Email  string `json:"email,omitempty"`
	WeChat string `json:"wechat,omitempty"`
}

// Interaction is one entry of a customer's history (拜访记录).
type Interaction struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Kind       string    `json:"kind"` // visit, call, email, wechat, meeting, event
	Date       time.Time `json:"date"`
	Staff      string    `json:"staff,omitempty"`
	Contact    string    `json:"contact,omitempty"`
	Summary    string    `json:"summary,omitempty"`
	FollowUp   string    `json:"follow_up,omitempty"` // next follow-up date, YYYY-MM-DD
	// FollowUpDone is the day the follow-up was ticked done (YYYY-MM-DD);
	// empty (every record written before it existed too) means still open.
	FollowUpDone string `json:"follow_up_done,omitempty"`
}

// The enumerations' codes, in display order.
var (
	Tiers            = []string{"S", "A", "B", "C"}
	Stages           = []string{"exploration", "development", "stable", "decline", "lost"}
	Types            = []string{"chain", "wholesaler", "agent", "retailer", "consumer"}
	Sources          = []string{"referral", "b2b", "exhibition", "flyer", "cold_call", "other"}
	LoyaltyStages    = []string{"suspicion", "expectation", "first_purchase", "repeat", "advocate"}
	ContactRoles     = []string{"decision_maker", "influencer", "user", "gatekeeper", "coach"}
	InteractionKinds = []string{"visit", "call", "email", "wechat", "meeting", "event"}
	FitLevels        = []string{"high", "medium", "low"}
)

// ErrNoName is returned when a customer without a name is written.
var ErrNoName = errors.New("customer has no name")

func (c *Customer) Phones() []string {
	p := []string{c.Phone}
	for _, ct := range c.Contacts {
		p = append(p, ct.Phone)
	}
	return p
}

// Deleted is what DeleteCustomer removed; RestoreCustomer puts it back.
type Deleted struct {
	Customer     *Customer
	Interactions []*Interaction
	Sales        []*Sale
	Accounts     AccountRecords // assessments, surveys, goals, actions
}

// FollowUp is a due follow-up: an interaction whose next step is on Date.
type FollowUp struct{ Date, CustomerID, InteractionID string }

// ErrNoFollowUp means marking done an interaction that has no follow-up date.
var ErrNoFollowUp = errors.New("this interaction has no follow-up")

// FollowUpOpen reports whether the interaction has a follow-up still to do:
// only open ones are in the follow-up index, so the overdue count read from
// the index keys alone stays exact.
func (in *Interaction) FollowUpOpen() bool { return in.FollowUp != "" && in.FollowUpDone == "" }
