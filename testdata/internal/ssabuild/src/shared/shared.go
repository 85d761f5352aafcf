package shared // want `one SSA build for the analyzers using the package`

func f() int { return 1 }
