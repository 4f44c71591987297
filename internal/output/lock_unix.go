//go:build unix

package output

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on a folder, waiting for any other gen
// build that holds it, so that two builds into one destination take turns.
// The lock goes with the process if it dies.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
