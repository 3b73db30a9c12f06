package views

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
)

// scoreOptions are the choices of a 1–5 score.
var scoreOptions = []string{"1", "2", "3", "4", "5"}

// assessCard is the customer's 关系评估 tab: the radar of the latest
// assessment, the trend of the relationship and satisfaction scores, a form
// scoring the six dimensions at a date, a satisfaction survey form, and the
// history of both.
type assessCard struct {
	f      *customerForm
	radar  *pictureView
	trend  *pictureView
	date   *keyEntry
	scores []*widget.RadioGroup
	note   *keyEntry
	save   *widget.Button
	msg    *widget.Label

	vDate    *keyEntry
	vScore   *widget.RadioGroup
	vComment *keyEntry
	vSave    *widget.Button
	vMsg     *widget.Label

	history *fyne.Container
	as      []*model.Assessment
	vs      []*model.Survey
	root    fyne.CanvasObject
}

func newAssessCard(f *customerForm) *assessCard {
	a := &assessCard{f: f}
	a.radar = newPictureView(i18n.L("No assessment yet: score the six dimensions below."), fyne.NewSize(380, 470))
	a.trend = newPictureView(i18n.L("The trend appears after the first assessment or survey."), fyne.NewSize(380, 260))
	export := widget.NewButtonWithIcon(i18n.L("Export radar…"), theme.DownloadIcon(), a.exportRadar)

	today := f.s.u.svc.Now().Local().Format(time.DateOnly)
	a.date = entry(today)
	form := widget.NewForm(widget.NewFormItem(i18n.L("Date"), a.date))
	for _, d := range model.AssessmentDimensions {
		r := widget.NewRadioGroup(scoreOptions, nil)
		r.Horizontal = true
		a.scores = append(a.scores, r)
		form.AppendItem(widget.NewFormItem(i18n.Enum("dimension", d), r))
	}
	a.note = entry("")
	a.note.SetPlaceHolder(i18n.L("What the scores rest on (optional)"))
	form.AppendItem(widget.NewFormItem(i18n.L("Note"), a.note))
	a.save = widget.NewButtonWithIcon(i18n.L("Save assessment"), theme.DocumentSaveIcon(), a.saveAssessment)
	a.save.Importance = widget.HighImportance
	a.msg = newMsg()

	a.vDate = entry(today)
	a.vScore = widget.NewRadioGroup(scoreOptions, nil)
	a.vScore.Horizontal = true
	a.vComment = entry("")
	a.vComment.SetPlaceHolder(i18n.L("What the customer said"))
	survey := widget.NewForm(
		widget.NewFormItem(i18n.L("Date"), a.vDate),
		widget.NewFormItem(i18n.L("Satisfaction"), a.vScore),
		widget.NewFormItem(i18n.L("Comment"), a.vComment))
	a.vSave = widget.NewButtonWithIcon(i18n.L("Add survey"), theme.ContentAddIcon(), a.saveSurvey)
	a.vMsg = newMsg()

	a.history = container.NewVBox()
	heading := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(i18n.L(s), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	a.root = container.NewVScroll(container.NewPadded(container.NewVBox(
		a.radar,
		container.NewHBox(layout.NewSpacer(), export),
		a.trend,
		widget.NewSeparator(),
		heading("New assessment (1 weak – 5 strong)"),
		form,
		container.NewHBox(a.save),
		a.msg,
		widget.NewSeparator(),
		heading("Satisfaction survey (满意度调查)"),
		survey,
		container.NewHBox(a.vSave),
		a.vMsg,
		widget.NewSeparator(),
		heading("History"),
		a.history,
	)))
	a.reload()
	return a
}

func (a *assessCard) content() fyne.CanvasObject { return a.root }

// reload reads the customer's assessments and surveys and redraws.
func (a *assessCard) reload() {
	svc, c := a.f.s.u.svc, a.f.c
	as, err := svc.Accounts.Assessments(c.ID)
	if err != nil {
		setMsg(a.msg, err.Error(), true)
	}
	vs, err := svc.Accounts.Surveys(c.ID)
	if err != nil {
		setMsg(a.vMsg, err.Error(), true)
	}
	a.as, a.vs = as, vs
	if len(as) > 0 {
		a.radar.set(func(w io.Writer, width, height int) error {
			return accounts.RadarChart(w, chart.PNG, c, as, width, height)
		})
	} else {
		a.radar.set(nil)
	}
	if len(as)+len(vs) > 0 {
		a.trend.set(func(w io.Writer, width, height int) error {
			return accounts.TrendChart(w, chart.PNG, c, as, vs, width, height)
		})
	} else {
		a.trend.set(nil)
	}
	a.fillHistory()
}

// fillHistory lists assessments and surveys, newest first, each with a
// remove button that asks first.
func (a *assessCard) fillHistory() {
	a.history.RemoveAll()
	type line struct {
		date, text string
		remove     func() error
	}
	var lines []line
	svc, id := a.f.s.u.svc, a.f.c.ID
	for _, x := range a.as {
		parts := make([]string, len(x.Scores))
		for i, v := range x.Scores {
			parts[i] = strconv.Itoa(v)
		}
		t := i18n.L("Assessment {{.Scores}} · mean {{.Mean}}", map[string]any{"Scores": strings.Join(parts, " "), "Mean": strconv.FormatFloat(x.Mean(), 'f', 1, 64)})
		if x.By != "" {
			t += " · " + x.By
		}
		if x.Note != "" {
			t += " · " + x.Note
		}
		lines = append(lines, line{x.Date, t, func() error { return svc.Accounts.DeleteAssessment(id, x.ID) }})
	}
	for _, v := range a.vs {
		t := i18n.L("Satisfaction {{.Score}}/5", map[string]any{"Score": v.Score})
		if v.Comment != "" {
			t += " · " + v.Comment
		}
		lines = append(lines, line{v.Date, t, func() error { return svc.Accounts.DeleteSurvey(id, v.ID) }})
	}
	// Newest first; the two lists are each oldest first.
	slices.Reverse(lines)
	slices.SortStableFunc(lines, func(x, y line) int { return strings.Compare(y.date, x.date) })
	if len(lines) == 0 {
		a.history.Add(widget.NewLabel(i18n.L("Nothing recorded yet.")))
	}
	for _, l := range lines {
		text := widget.NewLabel(l.date + "  " + l.text)
		text.Wrapping = fyne.TextWrapWord
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			showConfirm(i18n.L("Remove entry"), i18n.L("Remove this entry of {{.Date}}?", map[string]any{"Date": l.date}), func(ok bool) {
				if !ok {
					return
				}
				if err := l.remove(); err != nil {
					a.f.s.showError(err)
				}
				a.reload()
			}, a.f.s.u.win)
		})
		rm.Importance = widget.LowImportance
		a.history.Add(container.NewBorder(nil, nil, nil, rm, text))
	}
}

// readDate checks a date entry and shows it as YYYY-MM-DD; the message
// names what to do.
func readDate(u *UI, e *keyEntry) (string, bool) {
	d, err := u.parseDate(e.Text)
	if err != nil {
		e.SetValidationError(err)
		return "", false
	}
	e.SetText(d)
	return d, true
}

func (a *assessCard) saveAssessment() {
	date, ok := readDate(a.f.s.u, a.date)
	if !ok {
		setMsg(a.msg, errBadDate().Error(), true)
		return
	}
	scores := make([]int, len(a.scores))
	var missing []string
	for i, r := range a.scores {
		v, err := strconv.Atoi(r.Selected)
		if err != nil {
			missing = append(missing, i18n.Enum("dimension", model.AssessmentDimensions[i]))
			continue
		}
		scores[i] = v
	}
	if len(missing) > 0 {
		setMsg(a.msg, i18n.L("Score every dimension from 1 to 5; missing: {{.List}}.", map[string]any{"List": strings.Join(missing, " · ")}), true)
		return
	}
	as := &model.Assessment{CustomerID: a.f.c.ID, Date: date, Scores: scores, Note: strings.TrimSpace(a.note.Text)}
	if err := a.f.s.u.svc.Accounts.AddAssessment(as); err != nil {
		setMsg(a.msg, i18n.L("Not saved: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	for _, r := range a.scores {
		r.SetSelected("")
	}
	a.note.SetText("")
	setMsg(a.msg, i18n.L("Saved: mean {{.Mean}}.", map[string]any{"Mean": strconv.FormatFloat(as.Mean(), 'f', 1, 64)}), false)
	a.reload()
}

func (a *assessCard) saveSurvey() {
	date, ok := readDate(a.f.s.u, a.vDate)
	if !ok {
		setMsg(a.vMsg, errBadDate().Error(), true)
		return
	}
	score, err := strconv.Atoi(a.vScore.Selected)
	if err != nil {
		setMsg(a.vMsg, i18n.L("Choose a satisfaction score from 1 to 5."), true)
		return
	}
	v := &model.Survey{CustomerID: a.f.c.ID, Date: date, Score: score, Comment: a.vComment.Text}
	if err := a.f.s.u.svc.Accounts.AddSurvey(v); err != nil {
		setMsg(a.vMsg, i18n.L("Not saved: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	a.vScore.SetSelected("")
	a.vComment.SetText("")
	setMsg(a.vMsg, i18n.L("Survey added."), false)
	a.reload()
}

// exportRadar saves the radar as PNG, SVG or PDF, by the file's extension.
func (a *assessCard) exportRadar() {
	if len(a.as) == 0 {
		setMsg(a.msg, i18n.L("No assessment yet: score the six dimensions below."), true)
		return
	}
	c, as := a.f.c, a.as
	u := a.f.s.u
	saveChartDialog(u, i18n.L("Relationship assessment")+"_"+c.Name+".png", func(path string, format chart.Format) {
		go func() {
			err := app.WriteFileAtomic(path, func(w io.Writer) error { return accounts.RadarChart(w, format, c, as, 900, 700) })
			fyne.Do(func() { exportDone(u, path, err) })
		}()
	})
}

// saveChartDialog asks where to save a chart; the extension picks the format.
func saveChartDialog(u *UI, name string, save func(path string, format chart.Format)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, u.win)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		format, ferr := chart.FormatFromPath(path, "")
		if ferr != nil {
			format, path = chart.PNG, strings.TrimSuffix(path, ".")+".png"
		}
		save(path, format)
	}, u.win)
	d.SetFileName(name)
	size := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, size.Width*0.9), min(640, size.Height*0.9)))
	d.Show()
}

func exportDone(u *UI, path string, err error) { savedDialog(u, i18n.L("Chart exported"), path, err) }

// savedDialog says where an export went, or why it could not be written.
func savedDialog(u *UI, title, path string, err error) {
	if err != nil {
		showError(fmt.Errorf("%s", i18n.L("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": path, "Err": err.Error()})), u.win)
		return
	}
	msg := widget.NewLabel(i18n.L("Saved to {{.File}}.", map[string]any{"File": path}))
	msg.Wrapping = fyne.TextWrapWord
	showCustom(title, i18n.L("Close"), msg, u.win)
}
