// Command crawler is a small program with one concurrency misuse per
// concurlint analyzer. Run concurlint on it:
//
//	go run ./cmd/concurlint ./testdata/examples/crawler
package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime"
	"sync"
	"time"
)

// fetchAll downloads pages with one worker per core: the workers spend
// their time waiting on the network while the cores idle (cpupoolio).
func fetchAll(urls []string) map[string][]byte {
	jobs := make(chan string)
	var mu sync.Mutex
	pages := map[string][]byte{}
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for u := range jobs {
				body, err := fetch(u)
				if err != nil {
					continue
				}
				mu.Lock()
				pages[u] = body
				mu.Unlock()
			}
		})
	}
	for _, u := range urls {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	return pages
}

func fetch(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// hashAll hashes pages with 256 workers per core: only GOMAXPROCS of them
// run at once (poolsize).
func hashAll(pages [][]byte) [][32]byte {
	sums := make([][32]byte, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 256 * runtime.NumCPU() {
		wg.Go(func() {
			for i := range jobs {
				sums[i] = sha256.Sum256(pages[i])
			}
		})
	}
	for i := range pages {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return sums
}

// handleCrawl starts one goroutine per URL the client sends: the client
// decides how many goroutines and sockets the server opens (unboundedgo).
func handleCrawl(w http.ResponseWriter, r *http.Request) {
	var req struct{ URLs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	sizes := make([]int, len(req.URLs))
	for i, u := range req.URLs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := fetch(u)
			sizes[i] = len(body)
		}()
	}
	wg.Wait()
	json.NewEncoder(w).Encode(sizes)
}

// firstAnswer asks a URL with a timeout; when the timeout wins, the sender
// blocks forever on the unbuffered channel (unawaited).
func firstAnswer(ctx context.Context, u string) ([]byte, error) {
	type result struct {
		body []byte
		err  error
	}
	ch := make(chan result)
	go func() {
		body, err := fetch(u)
		ch <- result{body, err}
	}()
	select {
	case r := <-ch:
		return r.body, r.err
	case <-time.After(time.Second):
		return nil, errors.New("timeout")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func main() {
	runtime.GOMAXPROCS(runtime.NumCPU()) // undoes the container-aware default (poolsize)
	pages := fetchAll([]string{"http://127.0.0.1:8080/"})
	var bodies [][]byte
	for _, p := range pages {
		bodies = append(bodies, p)
	}
	fmt.Println(len(hashAll(bodies)))
	if _, err := firstAnswer(context.Background(), "http://127.0.0.1:8080/"); err != nil {
		log.Print(err)
	}
	http.HandleFunc("/crawl", handleCrawl)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))
}
