package accounts

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// SettingWinBackMonths names the setting: how many whole months without a
// purchase make a customer lost (流失) for the win-back list.
const SettingWinBackMonths = "winback_months"

// DefaultWinBackMonths applies until Settings or the win-back screen stores
// another value.
const DefaultWinBackMonths = 6

// ErrBadMonths means a win-back period outside 1–120 months.
var ErrBadMonths = errors.New("the number of months must be a whole number from 1 to 120")

// WinBackMonths is the stored setting, or DefaultWinBackMonths.
func (s *Service) WinBackMonths() int {
	store, done := s.c.Use()
	defer done()
	v, err := store.Setting(SettingWinBackMonths)
	if err != nil {
		return DefaultWinBackMonths
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 120 {
		return DefaultWinBackMonths
	}
	return n
}

// SetWinBackMonths stores the setting.
func (s *Service) SetWinBackMonths(n int) error {
	store, done := s.c.Use()
	defer done()
	if n < 1 || n > 120 {
		return ErrBadMonths
	}
	return store.SetSetting(SettingWinBackMonths, strconv.Itoa(n))
}

// WinBackRow is a lost customer (客户再生): its past value and when and
// through whom it was last reached.
type WinBackRow struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Tier         string `json:"tier"`
	Owner        string `json:"owner"`
	PastValue    int64  `json:"past_value"` // all its sales, base-currency minor units
	Orders       int64  `json:"orders"`
	LastPurchase string `json:"last_purchase"` // YYYY-MM-DD
	MonthsSilent int    `json:"monthssilent"`  // whole months since, the current one not counted
	LastContact  string `json:"last_contact"`  // date of the last interaction, "" none
	Contact      string `json:"contact"`       // who: that interaction's contact, else the decision maker, else the first contact
	Phone        string `json:"phone"`         // theirs, else the customer's
	Planned      bool   `json:"planned"`       // an open win-back action exists
}

// monthIndex counts months from year 0, so differences are month spans.
func monthIndex(m string) int {
	y, _ := strconv.Atoi(m[:4])
	mo, _ := strconv.Atoi(m[5:7])
	return y*12 + mo - 1
}

// WinBack lists the lost customers: bought at some time but not in the last
// `months` whole months before now's month, nor in it. They are ranked by
// past value (all their sales), highest first; limit > 0 keeps the top ones.
// It returns the rows and how many customers are lost in all. Everything
// comes from the per-customer monthly rollups, read customer by customer;
// only the rows returned read their customer, interactions and last month's
// sales.
func (s *Service) WinBack(months int, now time.Time, limit int) ([]*WinBackRow, int, error) {
	if months < 1 || months > 120 {
		return nil, 0, ErrBadMonths
	}
	store, done := s.c.Use()
	defer done()
	curIdx := monthIndex(now.Local().Format("2006-01"))
	if err := store.EnsureRollups(); err != nil {
		return nil, 0, err
	}
	// One sequential read of the customers' months (the transposed rollup):
	// the last month a customer bought in and its total.
	var lost []*WinBackRow
	err := store.EachCustomerHistory(func(id []byte, bought []int, aggs []model.Agg) error {
		last := bought[len(bought)-1]
		silent := curIdx - last - 1
		if silent < months {
			return nil
		}
		r := &WinBackRow{ID: string(id), LastPurchase: fmt.Sprintf("%04d-%02d", last/12, last%12+1), MonthsSilent: silent}
		for _, a := range aggs {
			r.PastValue += a.Amount
			r.Orders += a.Orders
		}
		lost = append(lost, r)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(lost, func(a, b *WinBackRow) int {
		if a.PastValue != b.PastValue {
			if a.PastValue > b.PastValue {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	total := len(lost)
	if limit > 0 && len(lost) > limit {
		lost = lost[:limit]
	}
	for _, r := range lost {
		if err := s.fillWinBack(r); err != nil {
			return nil, 0, err
		}
	}
	return lost, total, nil
}

// fillWinBack adds the customer's name, last purchase date and last contact.
func (s *Service) fillWinBack(r *WinBackRow) error {
	store, done := s.c.Use()
	defer done()
	c, err := store.Customer(r.ID)
	if errors.Is(err, model.ErrNotFound) {
		r.Name = r.ID
		return nil
	}
	if err != nil {
		return err
	}
	r.Name, r.Tier, r.Owner, r.Phone = c.Name, c.Tier, c.Owner, c.Phone
	month := r.LastPurchase
	sales, err := store.CustomerSales(r.ID, month+"-01", month+"-31")
	if err != nil {
		return err
	}
	for _, sl := range sales {
		if sl.Date > r.LastPurchase {
			r.LastPurchase = sl.Date
		}
	}
	if len(r.LastPurchase) == 7 {
		r.LastPurchase += "-01" // a rollup without its sales: Check reports it
	}
	ins, err := store.Interactions(r.ID)
	if err != nil {
		return err
	}
	if len(ins) > 0 {
		r.LastContact = ins[0].Date.Local().Format(time.DateOnly)
		r.Contact = ins[0].Contact
	}
	if r.Contact == "" {
		for _, ct := range c.Contacts {
			if ct.Role == "decision_maker" {
				r.Contact = ct.Name
				break
			}
		}
	}
	if r.Contact == "" && len(c.Contacts) > 0 {
		r.Contact = c.Contacts[0].Name
	}
	for _, ct := range c.Contacts {
		if ct.Name == r.Contact && ct.Phone != "" {
			r.Phone = ct.Phone
			break
		}
	}
	acts, err := store.Actions(r.ID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		if a.Kind == ActionWinBack && a.Status == "open" {
			r.Planned = true
		}
	}
	return nil
}

// PlanWinBack adds an open win-back action to the customer's plan: text
// (the caller words it in the user's language), owner ("" the customer's
// 负责人) and due date ("" a week from now).
func (s *Service) PlanWinBack(customerID, text, owner, due string) (*model.Action, error) {
	if due == "" {
		due = today(s.c.Now().AddDate(0, 0, 7))
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("win-back action: %w", model.ErrNoText)
	}
	a := &model.Action{CustomerID: customerID, Text: text, Owner: owner, Due: due, Kind: ActionWinBack}
	return a, s.AddAction(a)
}
