package importer

import (
	"bytes"
	"os"
	"strconv"
)

// peakRSS is this process's peak resident memory in bytes: VmHWM, which
// starts afresh at exec (getrusage's ru_maxrss counts the parent's memory
// the child was forked with).
func peakRSS() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(l, []byte("VmHWM:")); ok {
			n, _ := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			return n << 10
		}
	}
	return 0
}
