package views

import (
	"context"

	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// syncer runs the window's syncs, one at a time and off the interface
// goroutine: "Sync now", sync on start and sync on close. While one runs
// the window's title says so and Settings → Sync (if built) shows progress;
// the window stays usable. A failure is only recorded (the last result in
// Settings → Sync), never a dialog in the way.
type syncer struct {
	u       *UI
	running bool       // UI goroutine only, as are the fields below
	closing bool       // the window closes when the sync under way ends
	panel   *syncPanel // Settings → Sync, once built
	started int        // syncs started (tests)
}

// syncs is the window's syncer.
func (u *UI) syncs() *syncer {
	if u.syncer == nil {
		u.syncer = &syncer{u: u}
	}
	return u.syncer
}

// start runs sync in the background and calls then on the interface
// goroutine when done. It returns false, doing nothing, when a sync is
// under way.
func (s *syncer) start(sync func() (*ksync.Result, error), then func()) bool {
	if s.running {
		return false
	}
	s.running = true
	s.started++
	s.title()
	if s.panel != nil {
		s.panel.setBusy(true)
	}
	loads.Add(1) // the store closes only after it (waitLoads)
	go func() {
		defer loads.Done()
		res, err := sync()
		onUI(func() {
			s.running = false
			s.title()
			if s.panel != nil {
				s.panel.finished(res, err)
			}
			if res != nil && res.Applied > 0 {
				if s.u.customers != nil {
					s.u.customers.reload()
				}
				if s.u.settings != nil && s.u.settings.root != nil {
					s.u.settings.load() // the team's settings may have changed
				}
			}
			if then != nil {
				then()
			}
			if s.closing {
				s.u.win.Close()
			}
		})
	}()
	return true
}

// title tells in the window's title that a sync is under way.
func (s *syncer) title() {
	t := i18n.L("Kehu CRM")
	switch {
	case s.running && s.closing:
		t += " — " + i18n.L("Syncing before closing…")
	case s.running:
		t += " — " + i18n.L("Syncing…")
	}
	s.u.win.SetTitle(t)
}

// auto reports whether a sync folder or server is chosen and which
// automatic syncs are on; an error reads as off.
func (s *syncer) auto() (onStart, onClose bool) {
	if !s.u.svc.Sync.SyncChosen() {
		return false, false
	}
	onStart, onClose, _ = s.u.svc.Sync.SyncAuto()
	return onStart, onClose
}

// chosen syncs the way Settings → Sync chose.
func (s *syncer) chosen() (*ksync.Result, error) {
	return s.u.svc.Sync.SyncTheChosenWay(context.Background())
}

// onStart syncs when the window opens, if Settings → Sync says so.
func (s *syncer) onStart() {
	if on, _ := s.auto(); on {
		s.start(s.chosen, nil)
	}
}

// holdClose is asked when the window is to close: with sync on close on it
// starts the sync (or lets the one under way end) and returns true, and the
// window closes when it ends. Asked again meanwhile, it lets the window go
// (the store still closes only after the sync).
func (s *syncer) holdClose() bool {
	if s.closing {
		return false
	}
	if _, on := s.auto(); !on {
		return false
	}
	s.closing = true
	if !s.start(s.chosen, nil) {
		s.title() // one is under way: the window closes when it ends
	}
	return true
}
