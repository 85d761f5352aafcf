package shared // want `one SSA build for the analyzers using the package at a time, a new one after`

func f() int { return 1 }
