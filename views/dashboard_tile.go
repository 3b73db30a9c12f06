package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// tile is one box of the home dashboard: a title, its content, and the
// whole box a button that opens the screen behind it. The button lies under
// the content, so a tap anywhere on the tile (labels and charts are not
// tappable) reaches it.
type tile struct {
	key   string // the English title
	root  *fyne.Container
	btn   *widget.Button
	title *widget.Label
}

func newTile(title string, content fyne.CanvasObject, open func()) *tile {
	t := &tile{key: title, btn: widget.NewButton("", open)}
	t.btn.Importance = widget.LowImportance
	t.title = widget.NewLabelWithStyle(i18n.L(title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.title.Truncation = fyne.TextTruncateEllipsis
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	body := container.NewBorder(t.title, nil, nil, nil, content)
	t.root = container.NewStack(bg, t.btn, container.NewPadded(body))
	return t
}

// bigNumber is the large figure of a number tile.
func bigNumber() *canvas.Text {
	n := canvas.NewText("—", theme.Color(theme.ColorNameForeground))
	n.TextSize = theme.TextSize() * 2
	n.TextStyle = fyne.TextStyle{Bold: true}
	return n
}

// setBig writes a big figure, red when it warns of something to do.
func setBig(t *canvas.Text, s string, warn bool) {
	t.Text = s
	t.Color = theme.Color(theme.ColorNameForeground)
	if warn {
		t.Color = theme.Color(theme.ColorNameError)
	}
	t.Refresh()
}

// small is a wrapped explanatory line in a tile.
func small(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}
