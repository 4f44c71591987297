package render

import (
	"cmp"
	"slices"
	"sync"
	"time"
)

// LayoutTime is the time spent executing one layout file, summed over its
// calls and over the workers that ran them, like Hugo's
// --templateMetrics. A layout's time includes the partials it calls.
type LayoutTime struct {
	Name  string
	Calls int
	Total time.Duration
}

// layoutClock sums the time spent in each layout.
type layoutClock struct {
	mu     sync.Mutex
	byName map[string]*LayoutTime
}

// since adds the time since start to the layout called name.
func (c *layoutClock) since(name string, start time.Time) {
	d := time.Since(start)
	c.mu.Lock()
	defer c.mu.Unlock()
	lt := c.byName[name]
	if lt == nil {
		lt = &LayoutTime{Name: name}
		c.byName[name] = lt
	}
	lt.Calls++
	lt.Total += d
}

// MeasureLayouts makes the renderer time each layout it executes from now
// on, for LayoutTimes. It must be called before rendering starts.
func (r *Renderer) MeasureLayouts() {
	r.clock = &layoutClock{byName: map[string]*LayoutTime{}}
}

// LayoutTimes returns the time spent in each layout since
// MeasureLayouts, the longest first, or nil.
func (r *Renderer) LayoutTimes() []LayoutTime {
	if r.clock == nil {
		return nil
	}
	r.clock.mu.Lock()
	defer r.clock.mu.Unlock()
	var times []LayoutTime
	for _, lt := range r.clock.byName {
		times = append(times, *lt)
	}
	slices.SortFunc(times, func(a, b LayoutTime) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Name, b.Name))
	})
	return times
}
