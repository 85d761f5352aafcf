// Package custom is analysed with -cpupoolio.blocking=custom.Wait,(*custom.Client).Call.
package custom

import "runtime"

// Wait blocks on something the table does not know.
func Wait() {}

type Client struct{}

func (*Client) Call() {}

func waits(jobs chan int) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on a call configured as blocking: func literal in waits → Wait`
			for range jobs {
				Wait()
			}
		}()
	}
}

func calls(c *Client, jobs chan int) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on a call configured as blocking: func literal in calls → \(\*Client\).Call`
			for range jobs {
				c.Call()
			}
		}()
	}
}
