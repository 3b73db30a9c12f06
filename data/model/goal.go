package model

import (
	"errors"
	"time"
)

// ErrNoText means a goal or action without its text.
var ErrNoText = errors.New("the text is empty")

// Goal is a key-account goal (目标): what is to be reached, a measurable
// target, by a date, and who answers for it.
type Goal struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Text       string    `json:"text"`
	Target     string    `json:"target,omitempty"` // "年销售额 500万", "3 个决策者"
	Date       string    `json:"date,omitempty"`   // YYYY-MM-DD, by when
	Owner      string    `json:"owner,omitempty"`
	Created    time.Time `json:"created"`
}
