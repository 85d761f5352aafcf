// Package blocking is the table of primitive calls that block a goroutine on
// IO or on the clock. It is data: the analyzers use it to decide which calls
// block, and the runtime companion uses it to decide which waits in a trace
// are IO. A function that calls one of these primitives blocks too; that
// propagation is the job of package blockfacts, not of this table.
//
// The table of a run (a Table) is the built-ins plus the calls the user adds
// with -cpupoolio.blocking; it is built from the flag when a pass starts and
// reaches the fact analyzers as the result of Analyzer, and the trace reader
// through tracestats.Options.
package blocking

import (
	"maps"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/funcnames"
)

// Category is the kind of wait a blocking call makes.
type Category string

const (
	Net    Category = "net"    // sockets, dialing, DNS
	HTTP   Category = "http"   // net/http clients and response bodies
	RPC    Category = "rpc"    // net/rpc and gRPC client calls
	SQL    Category = "sql"    // database/sql queries and execs
	Exec   Category = "exec"   // waiting for a child process
	Sleep  Category = "sleep"  // time.Sleep
	File   Category = "file"   // file system IO and raw read/write syscalls
	Custom Category = "custom" // entries added by the user
)

// Categories lists every category in a fixed order, so that reports that
// iterate over them are deterministic.
var Categories = [...]Category{Net, HTTP, RPC, SQL, Exec, Sleep, File, Custom}

// Names use the form of types.Func.FullName: "pkg/path.Func",
// "(*pkg/path.T).Method", "(pkg/path.I).Method" for interface methods.
var builtin = map[string]Category{
	// Dialing and name resolution.
	"net.Dial": Net, "net.DialTimeout": Net, "net.DialTCP": Net, "net.DialUDP": Net,
	"net.DialIP": Net, "net.DialUnix": Net,
	"(*net.Dialer).Dial": Net, "(*net.Dialer).DialContext": Net,
	"net.LookupHost": Net, "net.LookupIP": Net, "net.LookupAddr": Net, "net.LookupCNAME": Net,
	"net.LookupMX": Net, "net.LookupNS": Net, "net.LookupSRV": Net, "net.LookupTXT": Net,
	"net.LookupPort":             Net,
	"(*net.Resolver).LookupHost": Net, "(*net.Resolver).LookupIP": Net,
	"(*net.Resolver).LookupIPAddr": Net, "(*net.Resolver).LookupNetIP": Net,
	"(*net.Resolver).LookupAddr": Net, "(*net.Resolver).LookupCNAME": Net,
	"(*net.Resolver).LookupMX": Net, "(*net.Resolver).LookupNS": Net,
	"(*net.Resolver).LookupSRV": Net, "(*net.Resolver).LookupTXT": Net,
	"(*net.Resolver).LookupPort": Net,
	// Reads, writes and accepts, on the interfaces and on the concrete types
	// (whose Read and Write are promoted from the unexported net.conn).
	"(net.Conn).Read": Net, "(net.Conn).Write": Net,
	"(net.PacketConn).ReadFrom": Net, "(net.PacketConn).WriteTo": Net,
	"(net.Listener).Accept": Net,
	"(*net.conn).Read":      Net, "(*net.conn).Write": Net,
	"(*net.TCPConn).ReadFrom": Net, "(*net.TCPConn).WriteTo": Net,
	"(*net.TCPListener).Accept": Net, "(*net.TCPListener).AcceptTCP": Net,
	"(*net.UnixListener).Accept": Net, "(*net.UnixListener).AcceptUnix": Net,
	"(*net.UDPConn).ReadFrom": Net, "(*net.UDPConn).ReadFromUDP": Net,
	"(*net.UDPConn).ReadFromUDPAddrPort": Net, "(*net.UDPConn).ReadMsgUDP": Net,
	"(*net.UDPConn).WriteTo": Net, "(*net.UDPConn).WriteToUDP": Net,
	"(*net.UDPConn).WriteMsgUDP": Net,
	"(*net.UnixConn).ReadFrom":   Net, "(*net.UnixConn).ReadFromUnix": Net,
	"(*net.UnixConn).WriteTo": Net, "(*net.UnixConn).WriteToUnix": Net,
	"(*net.IPConn).ReadFrom": Net, "(*net.IPConn).WriteTo": Net,

	// HTTP clients. Reads of a response body are recognised by blockfacts,
	// since the body is an io.ReadCloser whose concrete type is unknown.
	"net/http.Get": HTTP, "net/http.Head": HTTP, "net/http.Post": HTTP, "net/http.PostForm": HTTP,
	"(*net/http.Client).Do": HTTP, "(*net/http.Client).Get": HTTP, "(*net/http.Client).Head": HTTP,
	"(*net/http.Client).Post": HTTP, "(*net/http.Client).PostForm": HTTP,
	"(net/http.RoundTripper).RoundTrip": HTTP, "(*net/http.Transport).RoundTrip": HTTP,

	// RPC clients; gRPC is matched by name, with no dependency on it.
	"net/rpc.Dial": RPC, "net/rpc.DialHTTP": RPC, "net/rpc.DialHTTPPath": RPC,
	"(*net/rpc.Client).Call":                                 RPC,
	"(google.golang.org/grpc.ClientConnInterface).Invoke":    RPC,
	"(google.golang.org/grpc.ClientConnInterface).NewStream": RPC,
	"(*google.golang.org/grpc.ClientConn).Invoke":            RPC,
	"(*google.golang.org/grpc.ClientConn).NewStream":         RPC,

	// Client libraries whose waits for the server are on channels that
	// their own goroutines answer, or behind buffered writers and function
	// values, out of the analysis's sight. A named function type stands for
	// every call of a value of that type: go-elasticsearch's API is a
	// struct of such fields (es.Index(...)), each an HTTP request.
	"(github.com/IBM/sarama.SyncProducer).SendMessage": Net, "(github.com/IBM/sarama.SyncProducer).SendMessages": Net,
	"(github.com/Shopify/sarama.SyncProducer).SendMessage": Net, "(github.com/Shopify/sarama.SyncProducer).SendMessages": Net,
	"(github.com/eclipse/paho.mqtt.golang.Token).Wait": Net, "(github.com/eclipse/paho.mqtt.golang.Token).WaitTimeout": Net,
	"(github.com/gomodule/redigo/redis.Conn).Do": Net, "(github.com/gomodule/redigo/redis.Conn).Flush": Net,
	"(github.com/gomodule/redigo/redis.Conn).Receive":    Net,
	"github.com/elastic/go-elasticsearch/v7/esapi.Index": HTTP, "github.com/elastic/go-elasticsearch/v7/esapi.Delete": HTTP,
	"github.com/elastic/go-elasticsearch/v7/esapi.Get": HTTP, "github.com/elastic/go-elasticsearch/v7/esapi.Search": HTTP,
	"github.com/elastic/go-elasticsearch/v7/esapi.Bulk": HTTP, "github.com/elastic/go-elasticsearch/v7/esapi.Ping": HTTP,
	"github.com/elastic/go-elasticsearch/v8/esapi.Index": HTTP, "github.com/elastic/go-elasticsearch/v8/esapi.Delete": HTTP,
	"github.com/elastic/go-elasticsearch/v8/esapi.Get": HTTP, "github.com/elastic/go-elasticsearch/v8/esapi.Search": HTTP,
	"github.com/elastic/go-elasticsearch/v8/esapi.Bulk": HTTP, "github.com/elastic/go-elasticsearch/v8/esapi.Ping": HTTP,

	// Database round trips.
	"(*database/sql.DB).Query": SQL, "(*database/sql.DB).QueryContext": SQL, "(*database/sql.DB).QueryRow": SQL,
	"(*database/sql.DB).QueryRowContext": SQL, "(*database/sql.DB).Exec": SQL, "(*database/sql.DB).ExecContext": SQL,
	"(*database/sql.DB).Prepare": SQL, "(*database/sql.DB).PrepareContext": SQL, "(*database/sql.Tx).Query": SQL,
	"(*database/sql.Tx).QueryContext": SQL, "(*database/sql.Tx).QueryRow": SQL, "(*database/sql.Tx).QueryRowContext": SQL,
	"(*database/sql.Tx).Exec": SQL, "(*database/sql.Tx).ExecContext": SQL, "(*database/sql.Tx).Prepare": SQL,
	"(*database/sql.Tx).PrepareContext": SQL, "(*database/sql.Conn).Query": SQL, "(*database/sql.Conn).QueryContext": SQL,
	"(*database/sql.Conn).QueryRow": SQL, "(*database/sql.Conn).QueryRowContext": SQL, "(*database/sql.Conn).Exec": SQL,
	"(*database/sql.Conn).ExecContext": SQL, "(*database/sql.Conn).Prepare": SQL, "(*database/sql.Conn).PrepareContext": SQL,
	"(*database/sql.Stmt).Query": SQL, "(*database/sql.Stmt).QueryContext": SQL, "(*database/sql.Stmt).QueryRow": SQL,
	"(*database/sql.Stmt).QueryRowContext": SQL, "(*database/sql.Stmt).Exec": SQL, "(*database/sql.Stmt).ExecContext": SQL,
	"(*database/sql.DB).Ping": SQL, "(*database/sql.DB).PingContext": SQL, "(*database/sql.DB).Begin": SQL,
	"(*database/sql.DB).BeginTx": SQL, "(*database/sql.DB).Conn": SQL, "(*database/sql.Tx).Commit": SQL,
	"(*database/sql.Tx).Rollback": SQL, "(*database/sql.Rows).Next": SQL,

	// Processes.
	// Start is listed too, so that what it does inside (open /dev/null,
	// pipes) counts as starting a process, not as file IO.
	"(*os/exec.Cmd).Start": Exec, "os.StartProcess": Exec,
	"(*os/exec.Cmd).Run": Exec, "(*os/exec.Cmd).Output": Exec,
	"(*os/exec.Cmd).CombinedOutput": Exec, "(*os/exec.Cmd).Wait": Exec,
	"(*os.Process).Wait": Exec,

	"time.Sleep": Sleep,

	// Files and raw syscalls: calls that move data or wait for the disk.
	// Metadata calls (Stat, Mkdir, Rename, Remove...) are not listed: they
	// return without waiting for data, and listing them would make every
	// exec.Command (which stats its binary) a file read.
	"os.Open": File, "os.OpenFile": File, "os.Create": File, "os.CreateTemp": File,
	"os.ReadFile": File, "os.WriteFile": File, "os.ReadDir": File, "os.RemoveAll": File,
	"os.CopyFS":       File,
	"(*os.File).Read": File, "(*os.File).ReadAt": File, "(*os.File).Write": File,
	"(*os.File).WriteAt": File, "(*os.File).WriteString": File, "(*os.File).ReadFrom": File,
	"(*os.File).WriteTo": File, "(*os.File).ReadDir": File, "(*os.File).Readdir": File,
	"(*os.File).Readdirnames": File, "(*os.File).Sync": File,
	"io/ioutil.ReadFile": File, "io/ioutil.WriteFile": File, "io/ioutil.ReadDir": File,
	"syscall.Read": File, "syscall.Write": File, "syscall.Pread": File, "syscall.Pwrite": File,
	"syscall.Fsync": File,
}

// Table is the blocking table of a run: the built-in primitives, plus the
// calls the user configured, in the category Custom. A nil *Table is the
// built-in table alone.
type Table struct {
	custom map[string]bool
}

// NewTable returns the built-in table plus the custom calls.
func NewTable(custom funcnames.List) *Table {
	return &Table{custom: maps.Clone(custom)}
}

// Lookup reports the category of the primitive with the given full name.
func (t *Table) Lookup(fullName string) (Category, bool) {
	if c, ok := builtin[fullName]; ok {
		return c, true
	}
	if t != nil && t.custom[fullName] {
		return Custom, true
	}
	return "", false
}

// Analyzer hands the table to the analyzers that require it (blockfacts,
// cpufacts), as staticcheck's config analyzer hands its configuration: its
// result is the *Table of the built-ins plus the calls of its flag "calls",
// which the command shows as -cpupoolio.blocking.
var Analyzer = &analysis.Analyzer{
	Name:       "blocking",
	Doc:        "the table of blocking calls, for the concurlint analyzers",
	ResultType: reflect.TypeOf((*Table)(nil)),
	Run:        func(*analysis.Pass) (any, error) { return NewTable(customCalls), nil },
}

// customCalls is the flag's value; NewTable copies it into each result.
var customCalls = funcnames.List{}

func init() {
	Analyzer.Flags.Var(customCalls, "calls", "more blocking calls, comma-separated: pkg/path.Func,(*pkg/path.T).Method")
}

// fallbacks are functions of the standard library that reach the table
// only on a fallback that supported systems do not take: crypto/rand reads
// /dev/urandom only where getrandom(2) is missing (Linux before 3.17).
var fallbacks = map[string]bool{
	"crypto/internal/sysrand.urandomRead": true,
}

// Fallback reports whether the function with the given full name is such a
// fallback: a call of it does not block.
func Fallback(fullName string) bool { return fallbacks[fullName] }
