// Package pb is generated gRPC code, cut down: a service interface, its
// Unsafe and Unimplemented types and its registration function.
package pb

import "context"

type GetRequest struct{ Ids []string }

type GetResponse struct{}

type ServiceRegistrar interface{}

type OrdersServer interface {
	Get(context.Context, *GetRequest) (*GetResponse, error)
	Cancel(context.Context, *GetRequest) (*GetResponse, error)
	mustEmbedUnimplementedOrdersServer()
}

type UnimplementedOrdersServer struct{}

func (UnimplementedOrdersServer) Get(context.Context, *GetRequest) (*GetResponse, error) {
	return nil, nil
}
func (UnimplementedOrdersServer) Cancel(context.Context, *GetRequest) (*GetResponse, error) {
	return nil, nil
}
func (UnimplementedOrdersServer) mustEmbedUnimplementedOrdersServer() {}

// UnsafeOrdersServer opts out of forward compatibility: it has only the
// guard method, not the service's.
type UnsafeOrdersServer interface {
	mustEmbedUnimplementedOrdersServer()
}

func RegisterOrdersServer(s ServiceRegistrar, srv OrdersServer) {}

// ReportsServer is implemented without any embedded type, and registered.
type ReportsServer interface {
	Build(context.Context, *GetRequest) (*GetResponse, error)
}

func RegisterReportsServer(s ServiceRegistrar, srv ReportsServer) {}
