package a

func red()  {}
func blue() {}

func direct() { red() } // want `red: direct → red` `fact 1 0`

func twoSteps() { direct() } // want `red: twoSteps → direct → red` `fact 2 0`

func both() { twoSteps(); blue() } // want `red: both → twoSteps → direct → red; blue: both → blue` `fact 3 1`

func paint() { blue() } // want `blue: paint → blue` `fact 0 1`

// Lift turns the blue of paint into red for its callers.
func painted() { paint() } // want `red: painted → paint → blue` `fact 2 0`

func deep() { // want `red: deep → func literal in deep → d1 → d2 → d3 → d4 → d5 → d6 → d7 → direct → red` `fact 8 0`
	func() { d1() }() // want `red: func literal in deep → d1 → d2`
}

func d1() { d2() }     // want `red:` `fact 8 0`
func d2() { d3() }     // want `red:` `fact 7 0`
func d3() { d4() }     // want `red:` `fact 6 0`
func d4() { d5() }     // want `red:` `fact 5 0`
func d5() { d6() }     // want `red:` `fact 4 0`
func d6() { d7() }     // want `red:` `fact 3 0`
func d7() { direct() } // want `red:` `fact 2 0`

func clean() {}

func open1() {}
func open2() {}
func open3() {}

// Open categories are numbered by the fact package, in any order.
func twoOpen() { open3(); open1() } // want `open 3: twoOpen → open1; open 5: twoOpen → open3` `fact 0 0`

// Two open categories at most: open2, met after the two of twoOpen, is dropped.
func threeOpen() { twoOpen(); open2() } // want `open 3: threeOpen → twoOpen → open1; open 5: threeOpen → twoOpen → open3` `fact 0 0`
