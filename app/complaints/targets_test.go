package complaints

import (
	"errors"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/core"
)

// open is the complaints service of the data folder dir, and its core to
// close.
func open(t *testing.T, dir string) (*Service, *core.Core) {
	t.Helper()
	c, err := core.Open(dir, core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(c)
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	return s, c
}

func TestSaveTargets_PersistsAcrossOpen(t *testing.T) {
	dir := t.TempDir()
	s, c := open(t, dir)
	want := Target{Acknowledge: 2 * time.Hour, Resolve: 48 * time.Hour}
	if err := s.SaveTargets(Targets{"high": want}); err != nil {
		t.Fatal(err)
	}
	if got := s.Targets()["high"]; got != want {
		t.Fatalf("applied: %+v", got)
	}
	c.Close()

	s, c = open(t, dir)
	defer c.Close()
	got := s.Targets()
	if got["high"] != want {
		t.Errorf("high after reopen: %+v", got["high"])
	}
	if got["low"] != DefaultTargets()["low"] {
		t.Errorf("low changed: %+v", got["low"])
	}
}

func TestSaveTargets_Invalid(t *testing.T) {
	s, c := open(t, t.TempDir())
	defer c.Close()
	for name, tt := range map[string]Targets{
		"zero":     {"high": {Acknowledge: 0, Resolve: time.Hour}},
		"negative": {"low": {Acknowledge: time.Hour, Resolve: -time.Hour}},
		"order":    {"medium": {Acknowledge: 48 * time.Hour, Resolve: 24 * time.Hour}},
		"severity": {"urgent": {Acknowledge: time.Hour, Resolve: 2 * time.Hour}},
	} {
		var ce *Error
		if err := s.SaveTargets(tt); !errors.As(err, &ce) {
			t.Errorf("%s: err %v, want an Error", name, err)
		}
	}
	if got := s.Targets(); len(got) != 3 || got["high"] != DefaultTargets()["high"] {
		t.Errorf("targets changed by refused saves: %+v", got)
	}
}

func TestLoadTargets_MalformedKeepsDefaults(t *testing.T) {
	dir := t.TempDir()
	s, c := open(t, dir)
	st, done := c.Use()
	err := st.SetSetting(SettingTargets, `{"high":{"acknowledge":"soon","resolve":"72h"},"low":{"acknowledge":"1h","resolve":"2h"}}`)
	done()
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	s, c = open(t, dir)
	defer c.Close()
	got := s.Targets()
	if got["high"] != DefaultTargets()["high"] || got["low"] != (Target{time.Hour, 2 * time.Hour}) {
		t.Errorf("targets %+v", got)
	}
}

// TestTargets_ReloadedAfterSwap: a swap of the store (restore, encryption)
// drops the targets applied for this Service only and applies the stored
// ones again, as backup's reopen did before it was a core.Reopened listener.
func TestTargets_ReloadedAfterSwap(t *testing.T) {
	s, c := open(t, t.TempDir())
	defer c.Close()
	stored := Target{Acknowledge: 2 * time.Hour, Resolve: 48 * time.Hour}
	if err := s.SaveTargets(Targets{"high": stored}); err != nil {
		t.Fatal(err)
	}
	s.SetTargets(Targets{"high": {Acknowledge: time.Hour, Resolve: time.Hour}, "low": {Acknowledge: time.Hour, Resolve: time.Hour}})
	if err := c.Swap("", func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	got := s.Targets()
	if got["high"] != stored || got["low"] != DefaultTargets()["low"] {
		t.Errorf("after the swap: %+v", got)
	}
}
