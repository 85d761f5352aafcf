// Package store reads files.
package store

import "os"

// Load reads the file at path.
func Load(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}
