// Not reported: main's return ends the program.
package main

func main() {
	ch := make(chan int)
	go func() {
		for range ch {
		}
	}()
	ch <- 1
}
