package app_test

import (
	"context"
	"testing"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/pgtest"
)

// BenchmarkSyncPG pushes the demo (307 customers with their contacts,
// interactions and 36 months of sales: 35,732 changes) to a new database
// and pulls it into an empty data folder, each step on its own line:
//
//	go test -run '^$' -bench SyncPG -benchtime 1x ./app/
func BenchmarkSyncPG(b *testing.B) {
	srv := pgtest.Start(b)
	ctx := context.Background()
	src, err := app.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if _, err := src.Demo(app.DemoOptions{}); err != nil {
		b.Fatal(err)
	}
	var url string
	b.Run("push", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			url = srv.DB(b)
			b.StartTimer()
			res, err := src.Sync.SyncPush(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Exported), "changes")
		}
	})
	b.Run("pull", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			dst, err := app.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			res, err := dst.Sync.SyncPull(ctx, url)
			b.StopTimer()
			dst.Close()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Changes), "changes")
			b.StartTimer()
		}
	})
}
