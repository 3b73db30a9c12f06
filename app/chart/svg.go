package chart

import (
	"bytes"
	"fmt"
	"html"
	"regexp"

	gochart "github.com/wcharczuk/go-chart/v2"
)

// fontStack lets a browser without the bundled font fall back to the CJK
// fonts of Windows, macOS and Linux, never to tofu.
const fontStack = `font-family:'WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC',SimHei,sans-serif`

var svgFont = regexp.MustCompile(`font-family:[^;"]*`)

// svgText escapes text for XML: go-chart writes it into <text> as is, so a
// customer called "A&B" would break the file.
type svgText struct{ gochart.Renderer }

func (s svgText) Text(body string, x, y int) {
	if body != "" {
		s.Renderer.Text(html.EscapeString(body), x, y)
	}
}

func svgProvider(w, h int) (gochart.Renderer, error) {
	r, err := gochart.SVG(w, h)
	return svgText{r}, err
}

// fixSVG gives the file its size, its language and a CJK font stack.
func fixSVG(b []byte, o Options) []byte {
	b = svgFont.ReplaceAll(b, []byte(fontStack))
	open := []byte(`<svg xmlns="http://www.w3.org/2000/svg"`)
	attrs := fmt.Sprintf(` width="%d" height="%d" xml:lang="%s"`, o.Width, o.Height, html.EscapeString(o.Lang))
	return bytes.Replace(b, open, append(append([]byte{}, open...), attrs...), 1)
}
