// Package http2 is a stub of golang.org/x/net/http2 for the fixtures of every analyzer.
package http2

import "io"

type Frame interface{ StreamID() uint32 }

type FrameHeader struct{ streamID uint32 }

func (h FrameHeader) StreamID() uint32 { return h.streamID }

type HeadersFrame struct{ FrameHeader }
type MetaHeadersFrame struct{ *HeadersFrame }
type DataFrame struct{ FrameHeader }
type RSTStreamFrame struct{ FrameHeader }

type Framer struct{}

func NewFramer(w io.Writer, r io.Reader) *Framer { return &Framer{} }
func (fr *Framer) ReadFrame() (Frame, error)     { return nil, nil }
