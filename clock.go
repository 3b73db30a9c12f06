//go:build !testaids

package main

import "time"

// clock is the business clock of the shipped program: the wall clock.
// Builds with -tags testaids can fix it instead (clock_testaids.go).
func clock() func() time.Time { return time.Now }
