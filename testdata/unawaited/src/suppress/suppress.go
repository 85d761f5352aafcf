package suppress

func work() int { return 1 }

func suppressed(fail bool) int {
	ch := make(chan int)
	//concurlint:ignore unawaited the caller drains ch through a finalizer
	go func() { ch <- work() }()
	if fail {
		return 0
	}
	return <-ch
}

func sameLine(fail bool) int {
	ch := make(chan int)
	go func() { ch <- work() }() //concurlint:ignore unawaited reviewed
	if fail {
		return 0
	}
	return <-ch
}

func otherAnalyzer(fail bool) int {
	ch := make(chan int)
	//concurlint:ignore poolsize not this one
	go func() { ch <- work() }() // want `goroutine sends on unbuffered channel ch`
	if fail {
		return 0
	}
	return <-ch
}
