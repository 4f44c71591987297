package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// sample is what one run of a command cost.
type sample struct {
	Wall, CPU time.Duration
	RSS       int64 // peak resident set size, bytes
	Output    string
}

// measure runs name with args in dir, waiting for it, and returns its wall
// time, CPU time (user+system) and peak RSS, from the kernel's rusage of the
// child. A failed command is an error carrying its output.
func measure(dir, name string, args ...string) (sample, error) {
	return measureWithin(0, dir, name, args...)
}

// measureWithin is measure that kills the command after timeout, unless
// timeout is 0, and then says how much CPU time it had used: a build that
// stopped making progress shows as little CPU in a long wall time.
func measureWithin(timeout time.Duration, dir, name string, args ...string) (sample, error) {
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var s sample
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s = sample{
				Wall: wall,
				CPU:  time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
				RSS:  ru.Maxrss * 1024, // KiB on Linux
			}
		}
	}
	s.Output = out.String()
	if ctx.Err() != nil {
		return s, fmt.Errorf("%s: killed after %s, having used %s of CPU: %w\n%s", cmd, timeout, seconds(s.CPU), ctx.Err(), out.Bytes())
	}
	if err != nil {
		return s, fmt.Errorf("%s: %w\n%s", cmd, err, out.Bytes())
	}
	if s.Wall == 0 {
		return s, fmt.Errorf("%s: no resource usage on this system", cmd)
	}
	return s, nil
}

// median returns the median of each metric of samples, which must not be
// empty; with an even count it is the mean of the middle two.
func median(samples []sample) sample {
	mid := func(xs []int64) int64 {
		slices.Sort(xs)
		n := len(xs)
		if n%2 == 1 {
			return xs[n/2]
		}
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	var wall, cpu, rss []int64
	for _, s := range samples {
		wall = append(wall, int64(s.Wall))
		cpu = append(cpu, int64(s.CPU))
		rss = append(rss, s.RSS)
	}
	return sample{Wall: time.Duration(mid(wall)), CPU: time.Duration(mid(cpu)), RSS: mid(rss)}
}

func (s sample) String() string {
	return fmt.Sprintf("wall %s, CPU %s, peak RSS %s", seconds(s.Wall), seconds(s.CPU), mib(s.RSS))
}

// seconds formats d as seconds with three decimals.
func seconds(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

// mib formats a byte count in MiB.
func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
