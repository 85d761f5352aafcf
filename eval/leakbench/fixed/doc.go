// Package fixed holds the fixed twins of the runtime's leak kernels that
// concurlint finds: each is the kernel's shape after its upstream fix,
// written anew, on which concurlint must report nothing. eval/leakbench
// counts every finding here as a false positive.
package fixed

// Twins returns the fixed twins by the name of the kernel they fix, so
// that each is compiled and used.
func Twins() map[string]any {
	return map[string]any{
		"EarlyReturn":     earlyReturn,
		"NCastLeak":       nCastLeak,
		"Timeout":         timeout,
		"DoubleSend":      doubleSendTwice,
		"Cockroach18101":  restore,
		"Grpc660":         (*benchmarkClient).doCloseLoopUnary,
		"Kubernetes5316":  finishRequest,
		"Kubernetes25331": watch,
		"Moby33781":       monitor,
		"Kubernetes6632":  frame,
		"NoCloseRange":    noCloseRange,
		"Kubernetes38669": cacheWatch,
	}
}
