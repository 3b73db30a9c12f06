// Package benchcpu reads the process's CPU time, for benchmarks on a shared
// machine: wall time there grows with other people's load, CPU time much
// less. Where the system does not say, it reports zero.
package benchcpu

import "time"

// Used is the CPU time (user and system) the process has used so far.
func Used() time.Duration { return used() }
