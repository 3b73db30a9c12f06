// Command mkicon renders Kehu's 512x512 app icon: a blue rounded square with a
// white 客 ("customer") drawn in the bundled WenQuanYi Micro Hei font.
//
// Run from the repo root: go run ./tools/mkicon
package main

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

const (
	size   = 512
	margin = 16.0  // transparent border around the square
	radius = 104.0 // corner radius
	glyph  = '客'
)

var blue = color.NRGBA{0x1f, 0x6f, 0xeb, 0xff}

func main() {
	fontPath := flag.String("font", "assets/fonts/wqy-microhei.ttf", "TrueType font")
	out := flag.String("out", "assets/icon.png", "output PNG")
	root := flag.String("root", "Icon.png", "copy for fyne package (empty to skip)")
	flag.Parse()

	img := image.NewNRGBA(image.Rect(0, 0, size, size))

	// Rounded square, anti-aliased.
	r := vector.NewRasterizer(size, size)
	roundedRect(r, margin, margin, size-margin, size-margin, radius)
	r.Draw(img, img.Bounds(), image.NewUniform(blue), image.Point{})

	// Glyph, centred on its ink bounds.
	data, err := os.ReadFile(*fontPath)
	if err != nil {
		log.Fatal(err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 330, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		log.Fatal(err)
	}
	defer face.Close()
	b, _, ok := face.GlyphBounds(glyph)
	if !ok {
		log.Fatalf("font has no glyph for %q", glyph)
	}
	w, h := (b.Max.X - b.Min.X).Round(), (b.Max.Y - b.Min.Y).Round()
	d := font.Drawer{
		Dst:  img,
		Src:  image.NewUniform(color.White),
		Face: face,
		Dot: fixed.P(
			(size-w)/2-b.Min.X.Round(),
			(size-h)/2-b.Min.Y.Round(),
		),
	}
	d.DrawString(string(glyph))

	for _, p := range []string{*out, *root} {
		if p != "" {
			if err := writePNG(p, img); err != nil {
				log.Fatal(err)
			}
		}
	}
}

// roundedRect adds a closed rounded-rectangle path to r.
func roundedRect(r *vector.Rasterizer, x0, y0, x1, y1, rad float32) {
	const k = 0.5522847 // cubic Bézier approximation of a quarter circle
	c := rad * k
	r.MoveTo(x0+rad, y0)
	r.LineTo(x1-rad, y0)
	r.CubeTo(x1-rad+c, y0, x1, y0+rad-c, x1, y0+rad)
	r.LineTo(x1, y1-rad)
	r.CubeTo(x1, y1-rad+c, x1-rad+c, y1, x1-rad, y1)
	r.LineTo(x0+rad, y1)
	r.CubeTo(x0+rad-c, y1, x0, y1-rad+c, x0, y1-rad)
	r.LineTo(x0, y0+rad)
	r.CubeTo(x0, y0+rad-c, x0+rad-c, y0, x0+rad, y0)
	r.ClosePath()
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
