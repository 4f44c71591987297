package server

import (
	"net/http"
	"time"
)

// Timeouts bound how long the preview's HTTP server gives a connection; a
// zero field sets no bound.
type Timeouts struct {
	// ReadHeader is how long a client may take to send a request's headers.
	ReadHeader time.Duration
	// Idle is how long a kept-alive connection may wait for its next
	// request before the server closes it.
	Idle time.Duration
	// Write is how long sending a response may take. The event stream,
	// which lasts as long as its tab, instead gets eventWriteTimeout for
	// each event it sends.
	Write time.Duration
}

// DefaultTimeouts returns the timeouts of gen serve: 10 s to send headers,
// 30 s idle between requests (a browser opens a new connection when it
// needs one), 60 s to send a response, ample for a large static file over
// a local network.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Idle: 30 * time.Second, Write: 60 * time.Second}
}

// HTTPServer returns an http.Server that serves s with the given timeouts.
func (s *Server) HTTPServer(t Timeouts) *http.Server {
	return &http.Server{Handler: s, ReadHeaderTimeout: t.ReadHeader, IdleTimeout: t.Idle, WriteTimeout: t.Write}
}
