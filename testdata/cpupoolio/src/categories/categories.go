// Package categories has one CPU-sized pool per category of blocking call.
package categories

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/rpc"
	"net/smtp"
	"os"
	"os/exec"
	"runtime"
	"time"

	"google.golang.org/grpc"
)

var workers = runtime.NumCPU()

func dial(addrs chan string) {
	for range workers {
		go func() { // want `blocks on network IO: func literal in dial → net.Dial`
			for a := range addrs {
				net.Dial("tcp", a)
			}
		}()
	}
}

func conn(conns chan net.Conn) {
	for range workers {
		go func() { // want `blocks on network IO: func literal in conn → \(net.Conn\).Read`
			buf := make([]byte, 10)
			for c := range conns {
				c.Read(buf)
			}
		}()
	}
}

func lookup(hosts chan string) {
	for range workers {
		go func() { // want `blocks on network IO: func literal in lookup → net.LookupHost`
			for h := range hosts {
				net.LookupHost(h)
			}
		}()
	}
}

// sendMail blocks through the standard library: smtp.SendMail dials.
func sendMail(to chan string) {
	for range workers {
		go func() { // want `blocks on network IO: func literal in sendMail → smtp.SendMail → `
			for t := range to {
				smtp.SendMail("localhost:25", nil, "me", []string{t}, nil)
			}
		}()
	}
}

func body(client *http.Client, reqs chan *http.Request) {
	for range workers {
		go func() { // want `blocks on HTTP requests: func literal in body → \(\*http.Client\).Do`
			for r := range reqs {
				resp, err := client.Do(r)
				if err != nil {
					continue
				}
				resp.Body.Close()
			}
		}()
	}
}

func readBody(resps chan *http.Response) {
	for range workers {
		go func() { // want `blocks on HTTP requests: func literal in readBody → io.ReadAll\(resp.Body\)`
			for resp := range resps {
				io.ReadAll(resp.Body)
			}
		}()
	}
}

func rpcCall(c *rpc.Client, args chan int) {
	for range workers {
		go func() { // want `blocks on RPC calls: func literal in rpcCall → \(\*rpc.Client\).Call`
			for a := range args {
				var reply int
				c.Call("Svc.M", a, &reply)
			}
		}()
	}
}

func grpcInvoke(cc grpc.ClientConnInterface, args chan int) {
	for range workers {
		go func() { // want `blocks on RPC calls: .*\(grpc.ClientConnInterface\).Invoke`
			for a := range args {
				cc.Invoke(context.Background(), "/svc/M", a, nil)
			}
		}()
	}
}

func query(db *sql.DB, ids chan int) {
	for range workers {
		go func() { // want `blocks on database queries: func literal in query → \(\*sql.DB\).QueryRow`
			for id := range ids {
				db.QueryRow("SELECT name FROM users WHERE id = ?", id)
			}
		}()
	}
}

// A pool of process runners sized to the cores is the make -j shape: the
// children use the cores. Not reported unless -cpupoolio.exec.
func process(cmds chan *exec.Cmd) {
	for range workers {
		go func() {
			for c := range cmds {
				c.Run()
			}
		}()
	}
}

func sleep(jobs chan int) {
	for range workers {
		go func() { // want `blocks on time.Sleep: func literal in sleep → time.Sleep`
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

func files(paths chan string) {
	for range workers {
		go func() { // want `blocks on file IO: func literal in files → os.ReadFile`
			for p := range paths {
				os.ReadFile(p)
			}
		}()
	}
}
