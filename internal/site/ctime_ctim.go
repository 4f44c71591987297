//go:build linux || openbsd

package site

import "syscall"

// changeTime returns a file's change time in Unix nanoseconds.
func changeTime(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }
