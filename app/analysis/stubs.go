package analysis

import (
	"errors"
	"io"

	"github.com/kehu-crm/kehu/app"
)

var errTODO = errors.New("analysis: not implemented yet")

func suggestTiers(s *app.Service, o TierOptions) (*TierResult, error)         { return nil, errTODO }
func tierRuleText(o TierOptions) string                                       { return "" }
func apply(s *app.Service, ch []Change, p func(int, int)) ([]Change, error)   { return nil, errTODO }
func reverse(done []Change) []Change                                          { return nil }
func tierChanges(rows []TierRow) []Change                                     { return nil }
func compose(s *app.Service, by, from, to string) (*Composition, error)       { return nil, errTODO }
func develop(s *app.Service, by, from, to string) (*Development, error)       { return nil, errTODO }
func lifecycleText(r LifecycleRule) []string                                  { return nil }
func suggestStages(s *app.Service, r LifecycleRule) (*LifecycleResult, error) { return nil, errTODO }
func stageChanges(rows []LifecycleRow) []Change                               { return nil }
func anomalies(s *app.Service, o AnomalyOptions) (*AnomalyResult, error)      { return nil, errTODO }
func rank(s *app.Service, o RankOptions) (*Ranking, error)                    { return nil, errTODO }
func makeForecast(s *app.Service, o ForecastOptions) (*Forecast, error)       { return nil, errTODO }
func (f *Forecast) project(rate float64) []app.Point                          { return nil }
func forecastText(f *Forecast) []string                                       { return nil }
func loadDashboard(s *app.Service) (*Dashboard, error)                        { return nil, errTODO }
func (t *Table) writeCSV(w io.Writer, labels bool) error                      { return errTODO }

func (r *TierResult) Table() *Table           { return nil }
func (r *TierResult) Chart() Chart            { return Chart{} }
func (r *Composition) Table() *Table          { return nil }
func (r *Composition) Chart() Chart           { return Chart{} }
func (d *Development) Table() *Table          { return nil }
func (d *Development) RetentionTable() *Table { return nil }
func (d *Development) Chart() Chart           { return Chart{} }
func (r *LifecycleResult) Table() *Table      { return nil }
func (r *LifecycleResult) Chart() Chart       { return Chart{} }
func (r *AnomalyResult) Table() *Table        { return nil }
func (r *AnomalyResult) Chart() Chart         { return Chart{} }
func (r *Ranking) Table() *Table              { return nil }
func (r *Ranking) Chart() Chart               { return Chart{} }
func (f *Forecast) Table(rate float64) *Table { return nil }
func (f *Forecast) Chart(rate float64) Chart  { return Chart{} }
