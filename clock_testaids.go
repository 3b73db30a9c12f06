//go:build testaids

package main

import (
	"os"
	"time"
)

// clock is the wall clock unless $KEHU_NOW (RFC 3339) fixes it: a test aid,
// so the smoke test and screenshots can record a complaint "three days ago"
// without waiting. Only builds with -tags testaids read it.
func clock() func() time.Time {
	if v := os.Getenv("KEHU_NOW"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return func() time.Time { return t }
		}
	}
	return time.Now
}
