package accounts

import (
	"io"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
)

// RadarChart draws a customer's relationship radar: the latest assessment
// filled, the one before it as a dashed outline, each spoke labelled with
// its dimension and latest score. as is oldest first (Assessments);
// chart.ErrNoData when there is none.
func RadarChart(w io.Writer, f chart.Format, c *model.Customer, as []*model.Assessment, width, height int) error {
	latest, prev := LatestAssessments(as)
	if latest == nil {
		return chart.ErrNoData
	}
	axes := make([]string, len(model.AssessmentDimensions))
	for i, d := range model.AssessmentDimensions {
		axes[i] = i18n.Enum("dimension", d) + "\n" + strconv.Itoa(latest.Scores[i])
	}
	series := []chart.RadarSeries{{Name: latest.Date, Values: scoreValues(latest)}}
	if prev != nil {
		series = append(series, chart.RadarSeries{Name: prev.Date, Values: scoreValues(prev)})
	}
	sub := i18n.L("{{.Name}} · mean {{.Mean}} on {{.Date}}", map[string]any{
		"Name": c.Name, "Mean": strconv.FormatFloat(latest.Mean(), 'f', 1, 64), "Date": latest.Date})
	return chart.Radar(w, f, axes, series, chart.Options{Title: i18n.L("Relationship assessment"), Subtitle: sub, Width: width, Height: height})
}

func scoreValues(a *model.Assessment) []float64 {
	v := make([]float64, len(a.Scores))
	for i, s := range a.Scores {
		v[i] = float64(s)
	}
	return v
}

// TrendChart draws the relationship score (mean of the six) and the
// satisfaction surveys over time on one 1–5 axis; chart.ErrNoData when
// there is neither.
func TrendChart(w io.Writer, f chart.Format, c *model.Customer, as []*model.Assessment, vs []*model.Survey, width, height int) error {
	var series []chart.ScoreSeries
	add := func(name string, pts []ScorePoint) {
		if len(pts) == 0 {
			return
		}
		s := chart.ScoreSeries{Name: name}
		for _, p := range pts {
			s.Points = append(s.Points, chart.ScorePoint{Date: p.Date, Value: p.Value})
		}
		series = append(series, s)
	}
	add("Relationship (mean of six)", AssessmentTrend(as))
	add("Satisfaction", SurveyTrend(vs))
	if len(series) == 0 {
		return chart.ErrNoData
	}
	return chart.ScoreTrend(w, f, series, chart.Options{Title: i18n.L("Relationship and satisfaction over time"), Subtitle: c.Name, Width: width, Height: height})
}
