package erlang

import (
	"errors"
	"fmt"
)

// Sentinel errors; match them with errors.Is. Functions wrap them with the
// offending value.
var (
	ErrVolume      = errors.New("erlang: volume must be finite and non-negative")
	ErrInterval    = errors.New("erlang: interval must be positive")
	ErrAHT         = errors.New("erlang: handle time must be positive")
	ErrPatience    = errors.New("erlang: patience must be zero (infinitely patient) or positive")
	ErrAgents      = errors.New("erlang: agents must be non-negative")
	ErrServiceTime = errors.New("erlang: service-level time must be non-negative")
	ErrTarget      = errors.New("erlang: invalid target")
	ErrNoTarget    = errors.New("erlang: no staffing target given")
	ErrShrinkage   = errors.New("erlang: shrinkage must lie in [0, 1)")
	ErrUnstable    = errors.New("erlang: agents cannot carry the load without abandonment (queue grows without bound)")
	ErrTooLarge    = errors.New("erlang: load too large to staff")
	ErrFunnel      = errors.New("erlang: invalid bot funnel")
	ErrChat        = errors.New("erlang: invalid chat concurrency")
	// ErrChatFalling is a chat handle time that falls as concurrency
	// rises (400s alone, 300s with two chats): an agent would finish more
	// than twice the chats when given two, and the model would staff one
	// agent for a hundred chats. It also matches ErrChat.
	ErrChatFalling = fmt.Errorf("%w: handle times must not fall as concurrency rises", ErrChat)
	ErrDeferred    = errors.New("erlang: invalid deferred work")
)
