package complaints

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// Target is the service-time target (服务时限) of one severity: acknowledge
// within Acknowledge of opening, resolve within Resolve of opening.
type Target struct {
	Acknowledge time.Duration `json:"acknowledge"`
	Resolve     time.Duration `json:"resolve"`
}

// Targets are the service-time targets by severity code.
type Targets map[string]Target

// DefaultTargets: high 4 hours / 3 days, medium 1 day / 7 days, low 3 days /
// 14 days, until SaveTargets stores others in the data folder's settings.
func DefaultTargets() Targets {
	const day = 24 * time.Hour
	return Targets{
		"high":   {Acknowledge: 4 * time.Hour, Resolve: 3 * day},
		"medium": {Acknowledge: day, Resolve: 7 * day},
		"low":    {Acknowledge: 3 * day, Resolve: 14 * day},
	}
}

// Targets returns the service-time targets.
func (s *Service) Targets() Targets {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := DefaultTargets()
	for k, v := range s.targets {
		t[k] = v
	}
	return t
}

// SetTargets changes the targets of the severities given for this Service
// only; SaveTargets also stores them in the data folder.
func (s *Service) SetTargets(t Targets) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.targets == nil {
		s.targets = Targets{}
	}
	for k, v := range t {
		s.targets[k] = v
	}
}

// SettingTargets names the setting that holds the service-time targets as
// JSON: {"high":{"acknowledge":"4h0m0s","resolve":"72h0m0s"}, …}.
const SettingTargets = "complaint_targets"

// storedTarget is a Target as the setting keeps it: durations as Go text.
type storedTarget struct {
	Acknowledge string `json:"acknowledge"`
	Resolve     string `json:"resolve"`
}

// SaveTargets validates the targets of the severities given, stores them in
// the data folder's settings and applies them at once. Each duration must be
// positive and a severity's resolve target no shorter than its acknowledge
// target.
func (s *Service) SaveTargets(t Targets) error {
	for sev, v := range t {
		if !slices.Contains(model.Severities, sev) {
			return complaintErr("Unknown severity {{.Value}}: use high, medium or low.", "Value", sev)
		}
		if v.Acknowledge <= 0 || v.Resolve <= 0 {
			return complaintErr("The service-time targets must be longer than zero.")
		}
		if v.Resolve < v.Acknowledge {
			return complaintErr("A complaint cannot be due for resolution before it is due for acknowledgement.")
		}
	}
	all := s.Targets()
	for k, v := range t {
		all[k] = v
	}
	stored := make(map[string]storedTarget, len(all))
	for k, v := range all {
		stored[k] = storedTarget{v.Acknowledge.String(), v.Resolve.String()}
	}
	b, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	st, done := s.c.Use()
	defer done()
	if err := st.SetSetting(SettingTargets, string(b)); err != nil {
		return fmt.Errorf("save the service-time targets: %w", err)
	}
	s.SetTargets(t)
	return nil
}

// reloadTargets drops the targets applied and applies the stored ones: the
// store was swapped (restore, encryption, demo). A setting that cannot be
// read leaves the defaults.
func (s *Service) reloadTargets() {
	s.mu.Lock()
	s.targets = nil
	s.mu.Unlock()
	_ = s.loadTargets()
}

// loadTargets applies the stored targets (New calls it). A malformed entry
// is skipped, so its severity keeps the default; the next SaveTargets
// rewrites the setting whole.
func (s *Service) loadTargets() error {
	st, done := s.c.Use()
	v, err := st.Setting(SettingTargets)
	done()
	if err != nil || v == "" {
		return err
	}
	var stored map[string]storedTarget
	if err := json.Unmarshal([]byte(v), &stored); err != nil {
		return nil
	}
	t := Targets{}
	for k, st := range stored {
		ack, err1 := time.ParseDuration(st.Acknowledge)
		res, err2 := time.ParseDuration(st.Resolve)
		if err1 != nil || err2 != nil || ack <= 0 || res <= 0 || !slices.Contains(model.Severities, k) {
			continue
		}
		t[k] = Target{Acknowledge: ack, Resolve: res}
	}
	s.SetTargets(t)
	return nil
}
