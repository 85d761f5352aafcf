// Package notests has findings in a test file, not reported without
// -poolsize.tests.
package notests

func Square(x int) int { return x * x }
