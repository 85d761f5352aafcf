// Package archdoc holds no code: its tests keep ARCHITECTURE.md, the map of
// the repository, true (every package directory has its paragraph), and the
// repository free of symbolic links, which Go module zips drop.
package archdoc
