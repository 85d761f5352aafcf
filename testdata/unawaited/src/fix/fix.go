package fix

func work() int { return 1 }

func early(fail bool) int {
	ch := make(chan int)
	go func() { ch <- work() }() // want `give ch a buffer: make\(chan int, 1\)`
	if fail {
		return 0
	}
	return <-ch
}

func first(servers []string) string {
	answers := make(chan string)
	for _, s := range servers {
		go func() { answers <- s }() // want `give answers a buffer: make\(chan string, len\(servers\)\)`
	}
	return <-answers
}

func twice(fail bool) int {
	ch := make(chan int, 1)
	go func() { // want `give ch a buffer: make\(chan int, 2\)`
		ch <- 1
		ch <- 2
	}()
	if fail {
		return 0
	}
	return <-ch
}
