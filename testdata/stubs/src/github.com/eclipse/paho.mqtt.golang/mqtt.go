// Package mqtt is a stub of github.com/eclipse/paho.mqtt.golang for the fixtures of every analyzer.
package mqtt

import "time"

type Message interface {
	Topic() string
	Payload() []byte
}

type MessageHandler func(Client, Message)

type Token interface {
	Wait() bool
	WaitTimeout(time.Duration) bool
	Error() error
}

type Client interface {
	Subscribe(topic string, qos byte, callback MessageHandler) Token
	SubscribeMultiple(filters map[string]byte, callback MessageHandler) Token
	Publish(topic string, qos byte, retained bool, payload any) Token
}
