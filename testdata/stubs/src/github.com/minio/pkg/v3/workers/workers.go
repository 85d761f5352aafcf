// Package workers is a stub of github.com/minio/pkg/v3/workers: a
// semaphore of n tokens and a WaitGroup.
package workers

import "sync"

type Workers struct {
	wg    sync.WaitGroup
	queue chan struct{}
}

func New(n int) (*Workers, error) {
	queue := make(chan struct{}, n)
	for range n {
		queue <- struct{}{}
	}
	return &Workers{queue: queue}, nil
}

func (jt *Workers) Take() {
	jt.wg.Add(1)
	<-jt.queue
}

func (jt *Workers) Give() {
	jt.queue <- struct{}{}
	jt.wg.Done()
}

func (jt *Workers) Wait() { jt.wg.Wait() }
