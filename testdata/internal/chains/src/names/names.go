package names // want `names Red`

import "names/box"

// An instance's method counts by its origin.
func open(b *box.Box[int]) int { return b.Red() }
