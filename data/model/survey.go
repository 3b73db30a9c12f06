package model

import "time"

// Survey is one satisfaction survey (满意度调查) of a customer: a score 1–5
// at a date, with the customer's comments.
type Survey struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Date       string    `json:"date"`  // YYYY-MM-DD
	Score      int       `json:"score"` // 1..5
	Comment    string    `json:"comment,omitempty"`
	Created    time.Time `json:"created"`
}
