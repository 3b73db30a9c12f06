package analysis

import (
	"time"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/app/sales"
)

// Services is what the analyses read (and Apply changes) of an open data
// folder: its feature services and its business clock. The window and the
// command line fill it from the façade's fields (app.Service) in one place
// each; the analyses take no façade, so this package imports no app.
type Services struct {
	Customers *customers.Service // the in-memory customer list; Apply's updates
	Sales     *sales.Service     // the monthly rollups per customer, the first month with sales
	Reports   *reports.Service   // the sales curves and revenue by tier

	// The dashboard's other tiles.
	Complaints   *complaints.Service            // open and overdue complaints
	Accounts     *accounts.Service              // overdue key-account actions (see OverdueActions)
	FollowUpsDue func(date string) (int, error) // follow-ups due on or before a date (app.Service.FollowUpsDue)

	Now func() time.Time // the business clock given at open (app.Service.Now)
}
