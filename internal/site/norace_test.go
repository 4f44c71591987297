//go:build !race

package site

// raceEnabled is set when the tests run under the race detector, which
// makes the largest builds too slow to be worth running whole.
const raceEnabled = false
