// Package store declares an interface that storeimpl implements, for
// storeuser, which sees that implementation only through an import of an
// import.
package store

type Store interface{ Get() }
