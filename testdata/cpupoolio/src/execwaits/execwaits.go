// Package execwaits is analysed with -cpupoolio.exec=true: waits for child
// processes count as blocking.
package execwaits

import (
	"os/exec"
	"runtime"
)

func process(cmds chan *exec.Cmd) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on waits for a process: func literal in process → \(\*exec.Cmd\).Run`
			for c := range cmds {
				c.Run()
			}
		}()
	}
}
