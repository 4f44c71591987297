//go:build !(linux || openbsd || darwin || freebsd || netbsd)

package site

import "io/fs"

// statusOf returns false: on a system where gen does not know where the
// change time and inode are, a file's status does not say enough, so
// every file is read.
func statusOf(fs.FileInfo) (fileStatus, bool) { return fileStatus{}, false }
