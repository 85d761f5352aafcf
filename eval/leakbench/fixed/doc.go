// Package fixed holds the fixed twins of the runtime's leak kernels that
// concurlint finds: each is the kernel's shape after its upstream fix,
// written anew, on which concurlint must report nothing.
package fixed
