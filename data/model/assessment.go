package model

import (
	"errors"
	"fmt"
	"time"
)

// Dimensions of the relationship assessment (客户关系量化评估), in the order
// of the form and the radar: acceptance 接受认可度, participation 活动参与度,
// information flow 信息传递度, guidance 日常指导度, project support 项目支持度,
// competitive preference 竞争偏向度.
var AssessmentDimensions = []string{"acceptance", "participation", "information", "guidance", "project_support", "competitive_preference"}

// ErrBadScore means a score outside 1–5.
var ErrBadScore = errors.New("score must be a whole number from 1 to 5")

// Assessment is one scoring of a customer relationship on the six dimensions
// at a date, by a staff member.
type Assessment struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Date       string    `json:"date"`   // YYYY-MM-DD
	Scores     []int     `json:"scores"` // 1..5, one per AssessmentDimensions
	By         string    `json:"by,omitempty"`
	Note       string    `json:"note,omitempty"`
	Created    time.Time `json:"created"`
}

// Mean is the average of the six scores.
func (a *Assessment) Mean() float64 {
	if len(a.Scores) == 0 {
		return 0
	}
	t := 0
	for _, v := range a.Scores {
		t += v
	}
	return float64(t) / float64(len(a.Scores))
}

func (a *Assessment) Valid() error {
	if !ValidDate(a.Date) {
		return fmt.Errorf("date %q: %w", a.Date, ErrBadDate)
	}
	if len(a.Scores) != len(AssessmentDimensions) {
		return fmt.Errorf("%d scores, want %d: %w", len(a.Scores), len(AssessmentDimensions), ErrBadScore)
	}
	for i, v := range a.Scores {
		if v < 1 || v > 5 {
			return fmt.Errorf("%s %d: %w", AssessmentDimensions[i], v, ErrBadScore)
		}
	}
	return nil
}

// AccountRecords are a customer's assessments, surveys, goals and actions:
// what DeleteCustomer takes with the customer and RestoreCustomer puts back.
type AccountRecords struct {
	Assessments []*Assessment
	Surveys     []*Survey
	Goals       []*Goal
	Actions     []*Action
}
