// Package mqtt is a stub of github.com/eclipse/paho.mqtt.golang for the fixtures of every analyzer.
package mqtt

type Message interface {
	Topic() string
	Payload() []byte
}

type MessageHandler func(Client, Message)

type Token interface{ Wait() bool }

type Client interface {
	Subscribe(topic string, qos byte, callback MessageHandler) Token
	SubscribeMultiple(filters map[string]byte, callback MessageHandler) Token
}
