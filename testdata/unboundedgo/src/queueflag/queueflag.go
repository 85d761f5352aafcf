// Package queueflag has a queue client of the program's own, whose calls
// -unboundedgo.messages names: the loop around Next, and a range over the
// channel Deliveries returns, run once per message.
package queueflag

type Job struct{ Payload []byte }

type Queue struct{}

func (q *Queue) Next() (*Job, error)     { return nil, nil }
func (q *Queue) Deliveries() <-chan *Job { return nil }
func (q *Queue) Peek() (*Job, error)     { return nil, nil }

func run(job *Job) {}

func work(q *Queue) { // want work:"spawns one goroutine per element of param 0"
	for {
		j, err := q.Next()
		if err != nil {
			return
		}
		go run(j) // want `work starts one goroutine per message read by \(\*Queue\).Next, with no bound: the publishers choose`
	}
}

func consume(q *Queue) { // want consume:"spawns one goroutine per element of param 0"
	for j := range q.Deliveries() {
		go run(j) // want `consume starts one goroutine per message ranged from q.Deliveries\(\), with no bound`
	}
}

// Near miss: a call the flag does not name.
func peek(q *Queue) { // want peek:"spawns one goroutine per element of param 0"
	for {
		j, err := q.Peek()
		if err != nil {
			return
		}
		go run(j)
	}
}
