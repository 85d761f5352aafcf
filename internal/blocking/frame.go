package blocking

import "strings"

// FrameName converts the name of a function as the runtime prints it in a
// stack frame ("net/http.(*Client).Do", "net.(*conn).Read", "time.Sleep",
// "time.Time.Format") to the types.Func.FullName form of the table
// ("(*net/http.Client).Do", "(*net.conn).Read", "time.Sleep",
// "(time.Time).Format"). Type arguments ("[...]") are dropped. Closures keep
// their suffix ("net/http.(*Transport).dialConn.func1" becomes
// "(*net/http.Transport).dialConn.func1"), so they never match an entry.
func FrameName(fn string) string {
	fn = stripTypeArgs(fn)
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return fn
	}
	pkg, rest := fn[:slash+1+dot], fn[slash+1+dot+1:]
	if strings.HasPrefix(rest, "(") { // (*T).M or (T).M
		end := strings.Index(rest, ")")
		if end < 0 {
			return fn
		}
		recv := rest[1:end]
		star := ""
		if strings.HasPrefix(recv, "*") {
			star, recv = "*", recv[1:]
		}
		return "(" + star + pkg + "." + recv + ")" + rest[end+1:]
	}
	// T.M for a value receiver, as opposed to F.func1 for a closure and
	// F.gowrap1 for a go statement's wrapper.
	if i := strings.Index(rest, "."); i > 0 {
		m := rest[i+1:]
		if !strings.Contains(m, ".") && !strings.HasPrefix(m, "func") && !strings.HasPrefix(m, "gowrap") && m != "deferwrap1" {
			return "(" + pkg + "." + rest[:i] + ")." + m
		}
	}
	return fn
}

// stripTypeArgs removes the bracketed type arguments of generic functions.
func stripTypeArgs(fn string) string {
	if !strings.Contains(fn, "[") {
		return fn
	}
	var b strings.Builder
	depth := 0
	for _, r := range fn {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
