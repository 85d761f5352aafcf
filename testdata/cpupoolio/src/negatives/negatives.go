// Package negatives has pools that cpupoolio must not report.
package negatives

import (
	"crypto/rand"
	"flag"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

func fetch(u string) { http.Get(u) }

// Sized for IO with a constant.
func constantSize(urls chan string) {
	const maxInFlight = 64
	for range maxInFlight {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

var workersFlag = flag.Int("workers", runtime.NumCPU(), "workers")

// Sized by a flag, even one whose default is the CPU count.
func flagSize(urls chan string) {
	for range *workersFlag {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

var workersVar int

func init() { flag.IntVar(&workersVar, "w", runtime.NumCPU(), "workers") }

func flagVarSize(urls chan string) {
	for i := 0; i < workersVar; i++ {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

// Sized by the environment, with the CPU count as the fallback.
func envSize(urls chan string) {
	n := runtime.NumCPU()
	if v, err := strconv.Atoi(os.Getenv("WORKERS")); err == nil {
		n = v
	}
	for range n {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

type Config struct {
	Workers int `json:"workers"`
}

// Sized by a config struct read at run time.
func configSize(cfg Config, urls chan string) {
	for range cfg.Workers {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

// NumCPU()*k with k > 2 is sized for IO.
func scaled(urls chan string) {
	for range runtime.NumCPU() * 4 {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

// A bare io.Reader: its concrete type is unknown.
func unknownReader(readers chan io.Reader) {
	for range runtime.NumCPU() {
		go func() {
			buf := make([]byte, 64)
			for r := range readers {
				r.Read(buf)
			}
		}()
	}
}

// Workers that compute, receive jobs and send results.
func cpuBound(jobs chan []int, results chan int) {
	for range runtime.NumCPU() {
		go func() {
			for job := range jobs {
				sum := 0
				for _, x := range job {
					sum += x
				}
				results <- sum
			}
		}()
	}
}

// The worker hands the IO to a goroutine of its own: the worker itself does
// not wait.
func handsOff(urls chan string) {
	for range runtime.NumCPU() {
		go func() {
			for u := range urls {
				go fetch(u)
			}
		}()
	}
}

// A goroutine per item is not a pool (unboundedgo's business).
func perItem(urls []string) {
	for _, u := range urls {
		go fetch(u)
	}
}

// A single goroutine is not a pool.
func single() {
	go time.Sleep(time.Second)
}

// An outer loop that does not wait between its iterations multiplies the
// CPU count: 4×NumCPU goroutines at once, a size for IO (nsq's tests).
func nestedUnawaited(addr string) {
	for range 4 {
		for range runtime.NumCPU() {
			go fetch(addr)
		}
	}
}

// crypto/rand reads /dev/urandom only where getrandom(2) is missing: an
// encryption pool that draws its IVs from it only computes.
func encryptAll(blocks chan []byte) {
	for range runtime.NumCPU() {
		go func() {
			for b := range blocks {
				iv := make([]byte, 16)
				rand.Read(iv)
				for i := range b {
					b[i] ^= iv[i%16]
				}
			}
		}()
	}
}

// A job that waits for a group of other goroutines: counted only with
// -cpupoolio.waits.
func waitsForLoops(groups chan *sync.WaitGroup) {
	for range runtime.NumCPU() {
		go func() {
			for wg := range groups {
				wg.Wait()
			}
		}()
	}
}

// A counted loop that waits in each iteration has one goroutine in flight,
// not the CPU count (as poolsize judges it).
func oneAtATime(urls chan string) {
	for range runtime.NumCPU() {
		done := make(chan struct{})
		go func() { fetch(<-urls); close(done) }()
		<-done
	}
}
