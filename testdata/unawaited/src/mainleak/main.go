// Command mainleak: main's return ends the program, and its goroutines
// with it (syncthing's strelaysrv test utility).
package main

import (
	"bufio"
	"flag"
	"os"
)

func main() {
	test := flag.Bool("test", false, "")
	flag.Parse()
	lines := make(chan string)
	go func() {
		s := bufio.NewScanner(os.Stdin)
		for s.Scan() {
			lines <- s.Text()
		}
	}()
	if *test {
		return
	}
	<-lines
}
