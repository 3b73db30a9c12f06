//go:build !unix

package benchcpu

import "time"

func used() time.Duration { return 0 }
