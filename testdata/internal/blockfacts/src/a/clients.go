package a

import (
	"context"
	"strings"
	"time"

	"github.com/IBM/sarama"
	mqtt "github.com/eclipse/paho.mqtt.golang"
	"github.com/elastic/go-elasticsearch/v7/esapi"
	"github.com/gomodule/redigo/redis"
)

// Client libraries whose calls wait for their servers out of the
// analysis's sight: listed in the blocking table.

func produce(p sarama.SyncProducer) { // want produce:`blocks net:\(sarama.SyncProducer\).SendMessage$`
	p.SendMessage(&sarama.ProducerMessage{Topic: "events"})
}

func publish(c mqtt.Client) error { // want publish:`blocks net:\(mqtt.Token\).WaitTimeout interface:github.com/eclipse/paho.mqtt.golang.Client.Publish interface:github.com/eclipse/paho.mqtt.golang.Token.Error$`
	token := c.Publish("events", 1, false, "ev")
	if !token.WaitTimeout(time.Second) {
		return context.DeadlineExceeded
	}
	return token.Error()
}

func hset(pool *redis.Pool) { // want hset:`blocks net:\(redis.Conn\).Do interface:github.com/gomodule/redigo/redis.Conn.Close$`
	conn := pool.Get()
	defer conn.Close()
	conn.Do("HSET", "events", "key", "ev")
}

// A call of a value of a named function type listed in the table.
func index(api *esapi.API, ctx context.Context) { // want index:`blocks http:esapi.Index$`
	api.Index("events", strings.NewReader("ev"), api.Index.WithContext(ctx))
}

// Publishing without waiting for the token does not block (Publish is
// resolved where the client's implementations are in sight); neither does
// a call of a function value whose type is not listed.
func publishAsync(c mqtt.Client) { c.Publish("events", 0, false, "ev") } // want publishAsync:`^blocks interface:github.com/eclipse/paho.mqtt.golang.Client.Publish$`

type handler func(string) error

func callHandler(h handler) { h("ev") }
