// Package box declares a generic type whose method names a color.
package box

type Box[T any] struct{ v T }

func (b *Box[T]) Red() T { return b.v }
