package streamuse

import "stream"

func items() []int { return nil }

// stream.Consume may stop receiving (a fact from its package).
func produce() error {
	ch := make(chan int)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed; it hands ch to stream.Consume`
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	return stream.Consume(ch)
}

// stream.Drain receives until close: the channel is handed on, as before.
func drained() int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	return stream.Drain(ch)
}
