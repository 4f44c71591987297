package site

import (
	"sync/atomic"
	"time"
)

// StageTime is the wall time of one step of a build, and the CPU time the
// process used in it (0 where not measured), which shows how many cores
// the step kept busy.
type StageTime struct {
	Name string
	Wall time.Duration
	CPU  time.Duration
}

// stopwatch times the steps of a build, one lap a step. A nil stopwatch
// times nothing, so that builds without Options.Timings pay nothing.
type stopwatch struct {
	last    time.Time
	lastCPU time.Duration
	stages  []StageTime
	// markdown sums the time workers spent rendering Markdown during the
	// pages step, where it is done page by page.
	markdown atomic.Int64
}

// newStopwatch starts a stopwatch, or returns nil when on is false.
func newStopwatch(on bool) *stopwatch {
	if !on {
		return nil
	}
	return &stopwatch{last: time.Now(), lastCPU: processCPU()}
}

// lap ends the step called name.
func (w *stopwatch) lap(name string) {
	if w == nil {
		return
	}
	now, cpu := time.Now(), processCPU()
	w.stages = append(w.stages, StageTime{name, now.Sub(w.last), cpu - w.lastCPU})
	w.last, w.lastCPU = now, cpu
}

// addMarkdown counts d of Markdown rendering in a worker.
func (w *stopwatch) addMarkdown(d time.Duration) {
	if w != nil {
		w.markdown.Add(int64(d))
	}
}

// pagesStep is the name of the step that renders the pages, and with them
// their Markdown.
const pagesStep = "render the pages"

// result returns the steps timed, with the Markdown rendered in the pages
// step as a line of its own.
func (w *stopwatch) result() []StageTime {
	if w == nil {
		return nil
	}
	var stages []StageTime
	for _, st := range w.stages {
		stages = append(stages, st)
		if st.Name == pagesStep {
			stages = append(stages, StageTime{Name: "  Markdown in it, summed over the workers", Wall: time.Duration(w.markdown.Load())})
		}
	}
	return stages
}
