package fixed

import (
	"context"
	"errors"
)

// The LeakProf patterns of commonpatterns.go, fixed.

// earlyReturn: the result channel has a slot for the answer, so the sender
// leaves it there when its starter returns early.
func earlyReturn(err error) {
	ch := make(chan struct{}, 1)
	go func() {
		ch <- struct{}{}
	}()
	if err != nil {
		return
	}
	<-ch
}

// nCastLeak: one slot per sender; the first answer wins, the others stay
// in the buffer.
func nCastLeak(items []any) {
	if len(items) == 0 {
		return
	}
	ch := make(chan struct{}, len(items))
	for range items {
		go func() {
			ch <- struct{}{}
		}()
	}
	<-ch
}

// timeout: the sender has a slot for its answer when the context is done
// first.
func timeout(ctx context.Context) {
	ch := make(chan struct{}, 1)
	go func() {
		ch <- struct{}{}
	}()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// doubleSend returns after reporting the error: one send on every path.
func doubleSend(ch chan any, err error) {
	if err != nil {
		ch <- err
		return
	}
	ch <- struct{}{}
}

func doubleSendTwice() {
	ch := make(chan any)
	go func() {
		doubleSend(ch, nil)
	}()
	<-ch
	go func() {
		doubleSend(ch, errors.New("error"))
	}()
	<-ch
}

// noCloseRange: the starter closes the channel once it has sent every
// item, so the workers' range loops end (and sends nothing without
// workers).
func noCloseRange(list []any, workers int) {
	if workers == 0 {
		return
	}
	ch := make(chan any)
	for range workers {
		go func() {
			for item := range ch {
				_ = item
			}
		}()
	}
	for _, item := range list {
		ch <- item
	}
	close(ch)
}
