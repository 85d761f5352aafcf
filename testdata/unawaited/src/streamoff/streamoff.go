// Package streamoff holds rule 5's shape, analysed without
// -unawaited.streams: nothing is reported.
package streamoff

import "errors"

func produce(ch chan<- int) {
	for i := 0; ; i++ {
		ch <- i
	}
}

func firstBad() error {
	ch := make(chan int)
	go produce(ch)
	for v := range ch {
		if v > 10 {
			return errors.New("bad") // the producer blocks on its next send
		}
	}
	return nil
}
