package main

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// heapFloor is the soft memory limit a build keeps to while its live heap
// is small: 100,000 briefs hold about 650 MB live, which GOGC 200 alone
// would let grow to 2 GB between collections.
const heapFloor = 1280 << 20

// tuneGC sets the collector for a build, a batch job whose heap is mostly
// short-lived page buffers: GOGC 200, which collects half as often as the
// default, under a soft memory limit of heapFloor or, for a larger site,
// twice its live heap, so that a site whose heap outgrows the floor is not
// slowed by a collector running without pause. The limit follows the live
// heap until ctx is done. With GOGC or GOMEMLIMIT in the environment, the
// collector is left as they set it.
func tuneGC(ctx context.Context) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(200)
	debug.SetMemoryLimit(heapFloor)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(memoryLimit(sample[0].Value.Uint64()))
			}
		}
	}()
}

// memoryLimit is the soft memory limit for a live heap of live bytes.
func memoryLimit(live uint64) int64 { return max(heapFloor, 2*int64(live)) }
