// Package theme embeds gen's default theme: the layouts every site starts
// from and the static files (the style sheet) they use.
package theme

import "embed"

// FS holds layouts/ (html/template files) and static/ (copied to the
// output root).
//
//go:embed layouts static
var FS embed.FS
