//go:build linux || openbsd || darwin || freebsd || netbsd

package site

import (
	"io/fs"
	"syscall"
)

// statusOf returns the fileStatus of a regular file's info, or false when
// info does not give all of it.
func statusOf(info fs.FileInfo) (fileStatus, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || !info.Mode().IsRegular() {
		return fileStatus{}, false
	}
	return fileStatus{
		Size: info.Size(), Mode: uint32(info.Mode()),
		ModTime: info.ModTime().UnixNano(), Changed: changeTime(st),
		Inode: uint64(st.Ino), Device: uint64(st.Dev),
	}, true
}
