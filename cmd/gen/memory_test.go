package main

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC checks the collector settings of a build: the soft memory
// limit heapFloor, unless GOGC or GOMEMLIMIT are set in the environment,
// which then decide alone.
func TestTuneGC(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	tests := []struct {
		name, gogc, gomemlimit string
		wantLimit              int64
	}{
		{"defaults", "", "", heapFloor},
		{"GOGC set", "off", "", math.MaxInt64},
		{"GOMEMLIMIT set", "", "3GiB", math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			t.Setenv("GOMEMLIMIT", tt.gomemlimit)
			debug.SetMemoryLimit(math.MaxInt64) // as the runtime starts without the variables
			ctx, cancel := context.WithCancel(context.Background())
			tuneGC(ctx)
			cancel()
			// SetMemoryLimit with a negative value reads the limit.
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("memory limit = %d, want %d", got, tt.wantLimit)
			}
		})
	}
}

// TestMemoryLimit checks the limit followed during a build: the floor for a
// small heap, twice the live heap for one past half the floor.
func TestMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		live uint64
		want int64
	}{
		{0, heapFloor},
		{100 << 20, heapFloor},
		{heapFloor / 2, heapFloor},
		{heapFloor/2 + 1, heapFloor + 2},
		{2 << 30, 4 << 30},
	} {
		if got := memoryLimit(tt.live); got != tt.want {
			t.Errorf("memoryLimit(%d) = %d, want %d", tt.live, got, tt.want)
		}
	}
}
