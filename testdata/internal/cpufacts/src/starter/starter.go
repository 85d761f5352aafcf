// Package starter starts pools sized by its callers: the WorkersFact of a
// starter says why its workers are not CPU-bound; one whose workers only
// compute has none.
package starter

import "time"

func StartSleep(n int, jobs chan int) { // want StartSleep:`^workers blocks$` StartSleep:`^unknown$`
	for range n {
		go func() {
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

// The workers receive their jobs (own), which a worker may; the
// allowance is not the caller's.
func StartHash(n int, jobs chan int) { // want StartHash:`^unknown$`
	for range n {
		go func() {
			for x := range jobs {
				_ = x * x
			}
		}()
	}
}

func StartWorker(n int, jobs chan int) { // want StartWorker:`^workers waits$` StartWorker:`^unknown$`
	for range n {
		go work(jobs)
	}
}

func work(jobs chan int) { // want work:`^waits own$`
	for range jobs {
		<-time.After(time.Millisecond)
	}
}
