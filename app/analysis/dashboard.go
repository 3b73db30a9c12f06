package analysis

import (
	"fmt"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/reports"
)

// dashboardAnomalies is how many anomalies the dashboard tile lists.
const dashboardAnomalies = 5

func loadDashboard(s *Services) (*Dashboard, error) {
	now := thisMonth(s)
	d := &Dashboard{Month: now.String()}
	// The last 12 months against the year before: one read of 24 keys.
	cur, prev, err := s.Reports.YoY(reports.SalesQuery{From: (now - 11).String(), To: now.String()})
	if err != nil {
		return nil, fmt.Errorf("dashboard: sales curve: %w", err)
	}
	d.Curve, d.CurvePrev = cur, prev
	d.ThisMonth, d.LastYear = cur[len(cur)-1], prev[len(prev)-1]
	if d.LastYear.Amount > 0 {
		d.Change, d.ChangeOK = float64(d.ThisMonth.Amount)/float64(d.LastYear.Amount)-1, true
	}
	jan := now - month(int(now)%12)
	for i := range cur {
		if now-11+month(i) >= jan {
			d.YearToDate += cur[i].Amount
			d.YearToDatePrev += prev[i].Amount
		}
	}
	if d.ByTier, err = s.Reports.RevenueByTier(jan.String(), now.String()); err != nil {
		return nil, fmt.Errorf("dashboard: revenue by tier: %w", err)
	}
	today := s.Now()
	if d.OverdueFollowUps, err = s.FollowUpsDue(today.AddDate(0, 0, -1).Format("2006-01-02")); err != nil {
		return nil, fmt.Errorf("dashboard: follow-ups: %w", err)
	}
	if d.OverdueActions, err = OverdueActions(s, today); err != nil {
		return nil, fmt.Errorf("dashboard: actions: %w", err)
	}
	if _, d.OpenComplaints, err = s.Complaints.List(complaints.Filter{Open: true, Limit: 1}); err != nil {
		return nil, fmt.Errorf("dashboard: complaints: %w", err)
	}
	if d.OverdueComplaints, err = s.Complaints.OverdueCount(); err != nil {
		return nil, fmt.Errorf("dashboard: complaints: %w", err)
	}
	an, err := findAnomalies(s, AnomalyOptions{}, dashboardAnomalies)
	if err != nil {
		return nil, fmt.Errorf("dashboard: anomalies: %w", err)
	}
	d.AnomalyCount, d.AtRisk = an.Count, an.AtRisk
	// The largest by revenue at risk, named from their records: the
	// dashboard does not wait for the customer list.
	d.Anomalies = an.Rows
	for i := range d.Anomalies {
		if c, err := s.Customers.Get(d.Anomalies[i].CustomerID); err == nil {
			d.Anomalies[i].Name, d.Anomalies[i].Tier = c.Name, c.Tier
		}
	}
	return d, nil
}
