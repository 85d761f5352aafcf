// Package nonames names no function Red: a variable, a field and a type
// of that name do not count.
package nonames

var Red = 1

type Red2 struct{ Red int }

func paint(r Red2) int { return r.Red + Red }
