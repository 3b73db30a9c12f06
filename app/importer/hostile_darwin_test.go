package importer

import "syscall"

// peakRSS is this process's peak resident memory in bytes (macOS gives
// ru_maxrss in bytes).
func peakRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss
}
