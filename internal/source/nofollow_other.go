//go:build !unix

package source

// noFollow is 0 where opens cannot refuse to follow a symbolic link; the
// type of what was opened is still checked.
const noFollow = 0
