// Package core is what every feature service of Kehu shares: the open data
// folder's store behind one lock, so that restore and re-encryption can swap
// it while the window is reading; the business clock; and change
// notifications, so that one feature's caches follow another's writes.
//
// A feature never keeps the *data.Store: it asks Use for it at the start of
// each operation and releases it at the end.
package core

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data"
)

// Options are how a data folder is opened.
type Options struct {
	// Password opens an encrypted folder; a plain folder ignores it.
	Password string
	// Now is the business clock; nil means time.Now. Tests pass a fixed one.
	Now func() time.Time
}

// Core is one open data folder. It is safe for concurrent use.
type Core struct {
	swapMu   sync.Mutex // one swap or close at a time
	mu       sync.Mutex
	idle     *sync.Cond // signalled when holds drops to 0 or a wait ends
	holds    int        // operations using st now
	pending  bool       // a swap has waited long: new Uses wait a while
	swapping bool       // st is being replaced: Use waits
	st       *data.Store
	// pw reopens an encrypted folder after a swap; it is the password
	// the user gave, kept as bytes so Close can wipe it.
	pw []byte

	clockMu sync.Mutex
	now     func() time.Time

	subMu sync.Mutex
	subs  []func(Change)
}

// Open opens the data folder dir. An encrypted folder needs its password:
// data.ErrPasswordNeeded or data.ErrWrongPassword otherwise.
func Open(dir string, o Options) (*Core, error) {
	st, err := data.Open(dir, data.Options{Password: o.Password})
	if err != nil {
		return nil, err
	}
	return New(st, o), nil
}

// New is a core over a store already open, such as the staging store a
// demo is written into (the password is what a Swap reopens it with).
func New(st *data.Store, o Options) *Core {
	c := &Core{st: st, pw: []byte(o.Password), now: o.Now}
	c.idle = sync.NewCond(&c.mu)
	return c
}

// Use returns the open store for one operation; the operation calls done
// when it has finished with it, and must not keep the store after. Uses
// may nest (an operation calling another), and a swap waits until none is
// in flight.
func (c *Core) Use() (st *data.Store, done func()) {
	c.mu.Lock()
	for c.swapping || c.pending {
		c.idle.Wait()
	}
	c.holds++
	st = c.st
	c.mu.Unlock()
	var once sync.Once
	return st, func() { once.Do(c.release) }
}

func (c *Core) release() {
	c.mu.Lock()
	c.holds--
	if c.holds == 0 {
		c.idle.Broadcast()
	}
	c.mu.Unlock()
}

// Swap closes the store, runs change on the closed folder and opens it
// again: with password when change succeeded, else with the one it had.
// It waits for a moment with no operation in flight (see exclusive) and
// holds new ones until the store is open again; subscribers then hear
// Reopened. Swap must not be called from inside a Use (it would wait for
// itself).
func (c *Core) Swap(password string, change func(dir string) error) error {
	c.swapMu.Lock()
	defer c.swapMu.Unlock()
	c.exclusive()
	err := c.swap(password, change)
	c.mu.Lock()
	c.swapping = false
	c.idle.Broadcast()
	c.mu.Unlock()
	c.Changed(Reopened)
	return err
}

// Waits of exclusive: first with new operations let in, so that one nesting
// Use never waits for the swap; then, if operations keep overlapping, with
// new ones held for a while so that those in flight end. A nested Use held
// there waits at most holdWait, never for ever.
const (
	graceWait = 50 * time.Millisecond
	holdWait  = time.Second
)

// exclusive returns once no operation holds the store, with swapping set so
// that none starts. The caller holds swapMu.
func (c *Core) exclusive() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.waitIdle(graceWait) {
		c.pending = true
		ok := c.waitIdle(holdWait)
		c.pending = false
		c.idle.Broadcast()
		if ok {
			break
		}
	}
	c.swapping = true
}

// waitIdle waits, with c.mu held, at most d for holds to reach 0.
func (c *Core) waitIdle(d time.Duration) bool {
	if c.holds == 0 {
		return true
	}
	expired := false
	t := time.AfterFunc(d, func() {
		c.mu.Lock()
		expired = true
		c.idle.Broadcast()
		c.mu.Unlock()
	})
	defer t.Stop()
	for c.holds > 0 && !expired {
		c.idle.Wait()
	}
	return c.holds == 0
}

func (c *Core) swap(password string, change func(dir string) error) error {
	dir := c.st.Dir()
	if err := c.st.Close(); err != nil {
		return err
	}
	cerr := change(dir)
	c.mu.Lock()
	if cerr == nil {
		wipe(c.pw)
		c.pw = []byte(password)
	}
	pw := string(c.pw)
	c.mu.Unlock()
	st, err := data.Open(dir, data.Options{Password: pw})
	if err != nil {
		return errors.Join(cerr, fmt.Errorf("open the data folder again: %w", err))
	}
	c.st = st
	return cerr
}

// Password is the password the folder was opened (or last swapped) with;
// "" for a plain folder.
func (c *Core) Password() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.pw)
}

// Dir is the data folder.
func (c *Core) Dir() string {
	st, done := c.Use()
	defer done()
	return st.Dir()
}

// Encrypted reports whether the folder is encrypted.
func (c *Core) Encrypted() bool {
	st, done := c.Use()
	defer done()
	return st.Encrypted()
}

// Close closes the store once no operation is using it and wipes the
// password. Safe to call twice; operations after it fail with the store's
// closed error.
func (c *Core) Close() error {
	c.swapMu.Lock()
	defer c.swapMu.Unlock()
	c.exclusive()
	c.mu.Lock()
	wipe(c.pw)
	c.pw = nil
	st := c.st
	c.mu.Unlock()
	err := st.Close()
	c.mu.Lock()
	c.swapping = false
	c.idle.Broadcast()
	c.mu.Unlock()
	return err
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// Now is the business clock's current time, in UTC.
func (c *Core) Now() time.Time {
	c.clockMu.Lock()
	now := c.now
	c.clockMu.Unlock()
	if now == nil {
		return time.Now().UTC()
	}
	return now().UTC()
}

// SetClock makes Now read now; nil restores the real clock. Tests use it.
func (c *Core) SetClock(now func() time.Time) {
	c.clockMu.Lock()
	c.now = now
	c.clockMu.Unlock()
}
