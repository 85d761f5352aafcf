package a

import "runtime"

func passed(any) {}

// Arguments: what every call of the parameter's function passes for it.
func buffered(n int) { passed(n) } // want `calls pass constant 0, cpu factor 1 offset 0 from runtime.NumCPU\(\) cpusized=true`

func useBuffered() {
	buffered(0)
	buffered(runtime.NumCPU())
}

func Exported(n int) { passed(n) } // want `calls unknown`

func useExported() { Exported(0) }

func asValue(n int) { passed(n) } // want `calls unknown`

var asValueFunc = asValue

func reassigned(n int) { // the assignment makes n's calls no longer its value
	n = 2
	passed(n) // want `calls unknown`
}

func useReassigned() { reassigned(0) }

func variadic(ns ...int) { passed(ns) } // want `calls unknown`

func useVariadic() { variadic() }

type T struct{}

func (T) method(n int) { passed(n) } // want `calls unknown`

func useMethod() { T{}.method(0) }

func neverCalled(n int) { passed(n) } // want `calls unknown`

func addressed(n int) { // a pointer may change n
	p := &n
	*p = 3
	passed(n) // want `calls unknown`
}

func useAddressed() { addressed(0) }

func stepped(n int) {
	n++
	passed(n) // want `calls unknown`
}

func useStepped() { stepped(0) }

func pair() (int, int) { return 0, 0 }

func spread(a, n int) { passed(n) } // want `calls unknown`

func useSpread() { spread(pair()) }
