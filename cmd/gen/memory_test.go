package main

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC checks the collector settings of a build: GOGC 200 under the
// soft memory limit heapFloor, unless GOGC or GOMEMLIMIT are set in the
// environment, which then decide alone.
func TestTuneGC(t *testing.T) {
	restore := func(percent int, limit int64) {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
	defer restore(debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64))

	tests := []struct {
		name, gogc, gomemlimit string
		wantPercent            int
		wantLimit              int64
	}{
		{"defaults", "", "", 200, heapFloor},
		{"GOGC set", "off", "", 100, math.MaxInt64},
		{"GOMEMLIMIT set", "", "3GiB", 100, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			t.Setenv("GOMEMLIMIT", tt.gomemlimit)
			restore(100, math.MaxInt64) // as the runtime starts without the variables
			ctx, cancel := context.WithCancel(context.Background())
			tuneGC(ctx)
			cancel()
			// SetGCPercent returns the setting it replaces (put back at
			// once); SetMemoryLimit with a negative value reads the limit.
			if got := debug.SetGCPercent(-1); got != tt.wantPercent {
				t.Errorf("GOGC = %d, want %d", got, tt.wantPercent)
			}
			debug.SetGCPercent(tt.wantPercent)
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
