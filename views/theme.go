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

func (t *kehuTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, v)
}

func (t *kehuTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *kehuTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
