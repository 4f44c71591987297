//go:build !unix

package site

import "time"

// processCPU returns 0: the CPU time of a step is not measured here.
func processCPU() time.Duration { return 0 }
