//go:build !unix

package sim

import "time"

// processCPU is unknown here: zero.
func processCPU() time.Duration { return 0 }
