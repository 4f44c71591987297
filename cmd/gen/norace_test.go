//go:build !race

package main

// raceEnabled is set when the tests run under the race detector, which
// makes the largest builds too slow to be worth running.
const raceEnabled = false
