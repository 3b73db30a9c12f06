package app

import (
	"errors"
	"testing"
	"time"
)

func TestSaveTargets_PersistsAcrossOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Target{Acknowledge: 2 * time.Hour, Resolve: 48 * time.Hour}
	if err := s.SaveTargets(Targets{"high": want}); err != nil {
		t.Fatal(err)
	}
	if got := s.Targets()["high"]; got != want {
		t.Fatalf("applied: %+v", got)
	}
	s.Close()

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := s.Targets()
	if got["high"] != want {
		t.Errorf("high after reopen: %+v", got["high"])
	}
	if got["low"] != DefaultTargets()["low"] {
		t.Errorf("low changed: %+v", got["low"])
	}
}

func TestSaveTargets_Invalid(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, tt := range map[string]Targets{
		"zero":     {"high": {Acknowledge: 0, Resolve: time.Hour}},
		"negative": {"low": {Acknowledge: time.Hour, Resolve: -time.Hour}},
		"order":    {"medium": {Acknowledge: 48 * time.Hour, Resolve: 24 * time.Hour}},
		"severity": {"urgent": {Acknowledge: time.Hour, Resolve: 2 * time.Hour}},
	} {
		var ce *ComplaintError
		if err := s.SaveTargets(tt); !errors.As(err, &ce) {
			t.Errorf("%s: err %v, want a ComplaintError", name, err)
		}
	}
	if got := s.Targets(); len(got) != 3 || got["high"] != DefaultTargets()["high"] {
		t.Errorf("targets changed by refused saves: %+v", got)
	}
}

func TestLoadTargets_MalformedKeepsDefaults(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(SettingComplaintTargets, `{"high":{"acknowledge":"soon","resolve":"72h"},"low":{"acknowledge":"1h","resolve":"2h"}}`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := s.Targets()
	if got["high"] != DefaultTargets()["high"] || got["low"] != (Target{time.Hour, 2 * time.Hour}) {
		t.Errorf("targets %+v", got)
	}
}

func TestVersionLine(t *testing.T) {
	if got := VersionLine(); got[:len("kehu "+Version)] != "kehu "+Version {
		t.Errorf("VersionLine %q", got)
	}
}
