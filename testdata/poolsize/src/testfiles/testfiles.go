// Package testfiles has its findings in a test file, reported only with
// -poolsize.tests.
package testfiles

func Square(x int) int { return x * x }
