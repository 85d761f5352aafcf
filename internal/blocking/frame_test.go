package blocking

import "testing"

func TestFrameName(t *testing.T) {
	for _, tc := range []struct{ frame, want string }{
		{"net/http.(*Client).Do", "(*net/http.Client).Do"},
		{"net.(*conn).Read", "(*net.conn).Read"},
		{"net.Dial", "net.Dial"},
		{"time.Sleep", "time.Sleep"},
		{"os.(*File).Read", "(*os.File).Read"},
		{"time.Time.Format", "(time.Time).Format"},
		{"main.main.func1", "main.main.func1"},
		{"main.run.gowrap2", "main.run.gowrap2"},
		{"net/http.(*Transport).dialConn.func1", "(*net/http.Transport).dialConn.func1"},
		{"example.com/m/p.Map[...]", "example.com/m/p.Map"},
		{"example.com/m/p.(*Pool[...]).Submit", "(*example.com/m/p.Pool).Submit"},
		{"runtime.goexit", "runtime.goexit"},
	} {
		if got := FrameName(tc.frame); got != tc.want {
			t.Errorf("FrameName(%q) = %q, want %q", tc.frame, got, tc.want)
		}
	}
	// Every frame name of a table entry maps back onto it.
	for _, frame := range []string{"net/http.(*Client).Do", "net.(*conn).Read", "os.ReadFile", "os.(*File).Write"} {
		if _, ok := (*Table)(nil).Lookup(FrameName(frame)); !ok {
			t.Errorf("Lookup(FrameName(%q)) found nothing", frame)
		}
	}
}
