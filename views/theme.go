package views

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/kehu-crm/kehu/assets"
)

// kehuTheme is fyne's default theme drawn with the bundled CJK font, so
// Chinese renders on a Windows or Mac without Chinese system fonts.
type kehuTheme struct{ font fyne.Resource }

func newTheme() fyne.Theme {
	return &kehuTheme{font: fyne.NewStaticResource("wqy-microhei.ttf", assets.Font)}
}

// iconResource is the app icon for the window and the About dialog.
func iconResource() fyne.Resource { return fyne.NewStaticResource("icon.png", assets.Icon) }

func (t *kehuTheme) Font(fyne.TextStyle) fyne.Resource { return t.font }

// Color is fyne's default colour, but for the text colours that fall short of
// WCAG AA (4.5:1) on some background Kehu draws them on (fyne's low-importance
// grey is 1.5:1 in the dark theme, its light red, green and orange are 1.5 to
// 3.7:1 on white): those are shaded until they reach it everywhere
// (TestTextContrast). Primary is fixed rather than the platform's choice so
// that it reaches it too.
func (t *kehuTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := readable[v][n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

var readable = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantDark: {
		theme.ColorNameDisabled:            rgb(0x96969a),
		theme.ColorNameError:               rgb(0xff6659),
		theme.ColorNamePrimary:             rgb(0x5c9bff),
		theme.ColorNameHyperlink:           rgb(0x5c9bff),
		theme.ColorNameForegroundOnPrimary: rgb(0x171718),
	},
	theme.VariantLight: {
		theme.ColorNameForeground:          rgb(0x262626),
		theme.ColorNameDisabled:            rgb(0x6b6b6b),
		theme.ColorNamePlaceHolder:         rgb(0x6b6b6b),
		theme.ColorNameError:               rgb(0xc62828),
		theme.ColorNameSuccess:             rgb(0x2b7a2f),
		theme.ColorNameWarning:             rgb(0xa85400),
		theme.ColorNamePrimary:             rgb(0x1565c0),
		theme.ColorNameHyperlink:           rgb(0x1565c0),
		theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
	},
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

func (t *kehuTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *kehuTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
