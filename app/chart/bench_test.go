package chart

import (
	"io"
	"testing"
)

// BenchmarkLinePNG36 draws 36 months × 2 series at 1200×600, the CLI's default chart.
func BenchmarkLinePNG36(b *testing.B) {
	s := curve36()
	o := Options{Title: "销售曲线", Subtitle: "2023-01 至 2025-12", Width: 1200, Height: 600}
	b.ReportAllocs()
	for b.Loop() {
		if err := Line(io.Discard, PNG, s, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLineSVG36 is the same chart as SVG.
func BenchmarkLineSVG36(b *testing.B) {
	s := curve36()
	o := Options{Title: "销售曲线", Width: 1200, Height: 600}
	b.ReportAllocs()
	for b.Loop() {
		if err := Line(io.Discard, SVG, s, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMeetingReport writes the whole two-page report.
func BenchmarkMeetingReport(b *testing.B) {
	r := sampleReport()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WritePDF(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
