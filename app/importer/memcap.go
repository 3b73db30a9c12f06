package importer

import (
	"runtime/debug"
	"sync"
)

// importMemLimit is the Go heap a big import aims to stay under. Without
// it the collector lets the heap grow to twice what is live, and a
// million-row import holds up to about 850 MB live, most of it Badger's
// table builders while the sales stream: a laptop of 8 GB would swap.
// Near the limit the collector works harder (more CPU, never more than
// half of it); it is a soft limit, not a cap that fails the import. Since
// the sales are held as compact rows (data.SaleRows) the heap is mostly
// byte buffers the collector need not scan, so its extra cycles are cheap.
const importMemLimit = 1280 << 20

var memCap struct {
	sync.Mutex
	n    int   // imports under way with the limit set
	prev int64 // the limit before the first of them
}

// CapMemory lowers the runtime's soft memory limit to importMemLimit until
// the returned func is called, unless it is lower already (GOMEMLIMIT).
func CapMemory() (restore func()) {
	memCap.Lock()
	defer memCap.Unlock()
	if memCap.n == 0 {
		memCap.prev = debug.SetMemoryLimit(-1)
		if memCap.prev <= importMemLimit {
			return func() {}
		}
		debug.SetMemoryLimit(importMemLimit)
	}
	memCap.n++
	return func() {
		memCap.Lock()
		defer memCap.Unlock()
		if memCap.n--; memCap.n == 0 {
			debug.SetMemoryLimit(memCap.prev)
		}
	}
}
