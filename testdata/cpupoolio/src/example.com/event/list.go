package event

import (
	"net"
	"runtime"
	"sync"

	"github.com/minio/pkg/v3/workers"
)

// TargetList sends events to its targets on a pool of workers that Init
// starts, sized by its caller (minio's TargetList).
type TargetList struct {
	queue   chan string
	targets []Target
	stores  []Store
}

func (l *TargetList) startWorkers(n int) {
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	wk, err := workers.New(n)
	if err != nil {
		panic(err)
	}
	for range n {
		wk.Take() // minio's semaphore: n tokens for n goroutines
		go func() {
			defer wk.Give()
			for ev := range l.queue {
				l.sendAll(ev)
			}
		}()
	}
	wk.Wait()
}

// sendAll waits for one goroutine per target, each calling Target.Send,
// whose implementations this package does not see.
func (l *TargetList) sendAll(ev string) {
	var wg sync.WaitGroup
	for _, t := range l.targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Send(ev)
		}()
	}
	wg.Wait()
}

var once sync.Once

// Init starts the workers, once.
func (l *TargetList) Init(workers int) *TargetList {
	once.Do(func() { go l.startWorkers(workers) })
	return l
}

// InitStores starts workers that put events into stores; one
// implementation of Store keeps them in memory.
func (l *TargetList) InitStores(workers int) {
	for range workers {
		go func() {
			for ev := range l.queue {
				for _, s := range l.stores {
					s.Put(ev)
				}
			}
		}()
	}
}

// InitIDs starts workers that only read the targets' IDs, which compute.
func (l *TargetList) InitIDs(workers int) {
	for range workers {
		go func() {
			for range l.queue {
				for _, t := range l.targets {
					_ = t.ID()
				}
			}
		}()
	}
}

// Forward starts n workers that dial each address: a direct chain.
func Forward(n int, addrs chan string) {
	for range n {
		go func() {
			for a := range addrs {
				net.Dial("tcp", a)
			}
		}()
	}
}

// Hash starts n workers that only compute.
func Hash(n int, in chan string) {
	for range n {
		go func() {
			for s := range in {
				_ = len(s) * 31
			}
		}()
	}
}
