package output

import (
	"maps"
	"sync"
)

// Memory holds a build's files in memory, for the preview server. It is
// safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory output.
func NewMemory() *Memory {
	return &Memory{files: map[string][]byte{}}
}

// WriteFile stores data at rel; the caller must not change data after.
func (m *Memory) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[rel] = data
	m.mu.Unlock()
	return nil
}

// Counts returns the number of files stored and of their bytes.
func (m *Memory) Counts() (files, bytes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, data := range m.files {
		bytes += len(data)
	}
	return len(m.files), bytes
}

// Files returns the stored files by path. The map must not be changed.
func (m *Memory) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}

// Discard counts a build's files and bytes and keeps nothing, for a build
// that renders everything but writes nothing (gen build --dry-run). It is
// safe for concurrent use.
type Discard struct {
	mu           sync.Mutex
	files, bytes int64
}

// WriteFile counts data as the file rel.
func (d *Discard) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	d.mu.Lock()
	d.files++
	d.bytes += int64(len(data))
	d.mu.Unlock()
	return nil
}

// Transient marks Discard as done with a file's bytes once WriteFile
// returns.
func (*Discard) Transient() {}

// Counts returns the number of files and bytes received.
func (d *Discard) Counts() (files, bytes int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files, d.bytes
}

// NewMemoryFrom returns an in-memory output holding a copy of files, for a
// build that replaces only some of them.
func NewMemoryFrom(files map[string][]byte) *Memory {
	return &Memory{files: maps.Clone(files)}
}

// Remove drops the file at rel, if any.
func (m *Memory) Remove(rel string) {
	m.mu.Lock()
	delete(m.files, rel)
	m.mu.Unlock()
}
