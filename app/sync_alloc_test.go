package app_test

import (
	"runtime"
	"runtime/metrics"
)

// allocated runs fn and returns the bytes the heap allocated meanwhile: an
// upper bound of the memory fn held at its peak.
func allocated(fn func()) uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	runtime.GC()
	metrics.Read(s)
	before := s[0].Value.Uint64()
	fn()
	metrics.Read(s)
	return s[0].Value.Uint64() - before
}
