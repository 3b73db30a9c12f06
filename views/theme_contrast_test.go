package views

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// textPairs are every text colour Kehu's screens draw and the backgrounds it
// is drawn on: labels of each importance, hints and placeholders, entries,
// dialogs, menus, table headers and the dashboard's tiles; and the labels of
// coloured buttons on their fill.
var textPairs = func() (p [][2]fyne.ThemeColorName) {
	texts := []fyne.ThemeColorName{
		theme.ColorNameForeground,  // medium importance
		theme.ColorNameDisabled,    // low importance: help and hint lines
		theme.ColorNamePlaceHolder, // form hints, empty entries
		theme.ColorNamePrimary,     // high importance
		theme.ColorNameHyperlink,
		theme.ColorNameError, // danger importance, a field's error
		theme.ColorNameWarning,
		theme.ColorNameSuccess,
	}
	backs := []fyne.ThemeColorName{
		theme.ColorNameBackground,
		theme.ColorNameInputBackground, // entries, dashboard tiles
		theme.ColorNameOverlayBackground,
		theme.ColorNameMenuBackground,
		theme.ColorNameHeaderBackground,
	}
	for _, t := range texts {
		for _, b := range backs {
			p = append(p, [2]fyne.ThemeColorName{t, b})
		}
	}
	return append(p,
		[2]fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameButton},
		[2]fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameSelection}, // a selected row
		[2]fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameHover},
		[2]fyne.ThemeColorName{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		[2]fyne.ThemeColorName{theme.ColorNameForegroundOnError, theme.ColorNameError},
		[2]fyne.ThemeColorName{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
		[2]fyne.ThemeColorName{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
	)
}()

// TestTextContrast computes, from Kehu's theme, the WCAG contrast of every
// text colour against every background it is drawn on, in the dark and the
// light variant: each must reach AA for body text, 4.5:1.
func TestTextContrast(t *testing.T) {
	test.NewTempApp(t)
	th := newTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		for _, p := range textPairs {
			back := over(th.Color(p[1], v), th.Color(theme.ColorNameBackground, v))
			fore := over(th.Color(p[0], v), back)
			if r := contrast(fore, back); r < 4.5 {
				t.Errorf("variant %d: %s %s on %s %s: contrast %.2f:1, want 4.5:1", v, p[0], hex(fore), p[1], hex(back), r)
			}
		}
	}
}

// over composes c on an opaque background b, as the screen shows it.
func over(c, b color.Color) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	bb := color.NRGBAModel.Convert(b).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{mix(n.R, bb.R), mix(n.G, bb.G), mix(n.B, bb.B), 255}
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

func hex(c color.NRGBA) string {
	const d = "0123456789abcdef"
	return string([]byte{'#', d[c.R>>4], d[c.R&15], d[c.G>>4], d[c.G&15], d[c.B>>4], d[c.B&15]})
}
