// Package grpcreg implements gRPC services whatever they embed: Unsafe...Server,
// or nothing but a registration.
package grpcreg

import (
	"context"

	"grpcreg/pb"
)

func audit(id string) {}

// unsafeServer embeds the Unsafe type: its service methods are entries.
type unsafeServer struct {
	pb.UnsafeOrdersServer
}

func (s *unsafeServer) Get(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	for _, id := range req.Ids {
		go audit(id) // want `gRPC method \(\*unsafeServer\).Get starts one goroutine per element of req.Ids, from the gRPC request`
	}
	return &pb.GetResponse{}, nil
}

func (s *unsafeServer) Cancel(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	go audit("cancel") // want `gRPC method \(\*unsafeServer\).Cancel starts a goroutine that it never awaits`
	return &pb.GetResponse{}, nil
}

// Not a method of the service: not an entry.
func (s *unsafeServer) Refresh() { // want Refresh:`starts a goroutine nobody awaits`
	go audit("refresh")
}

// reports embeds nothing; its registration makes Build an entry.
type reports struct{}

func (r *reports) Build(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	go audit("build") // want `gRPC method \(\*reports\).Build starts a goroutine that it never awaits`
	return &pb.GetResponse{}, nil
}

// Not a method of the service: not an entry.
func (r *reports) Close() { // want Close:`starts a goroutine nobody awaits`
	go audit("close")
}

// drafts has a method of the same shape but is never registered.
type drafts struct{}

func (d *drafts) Build(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) { // want Build:`starts a goroutine nobody awaits`
	go audit("draft")
	return &pb.GetResponse{}, nil
}

func serve(s pb.ServiceRegistrar) {
	pb.RegisterOrdersServer(s, pb.OrdersServer(nil))
	pb.RegisterReportsServer(s, &reports{})
}
