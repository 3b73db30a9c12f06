package core

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func open(t *testing.T) *Core {
	t.Helper()
	c, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestSwapWaitsForUses: a swap starts only when no operation holds the
// store, and an operation that nests Use while a swap waits goes on
// (writer preference would deadlock it).
func TestSwapWaitsForUses(t *testing.T) {
	c := open(t)
	st, done := c.Use()
	swapped := make(chan error)
	ran := make(chan struct{})
	go func() {
		swapped <- c.Swap("", func(string) error { close(ran); return nil })
	}()
	// The nested Use must not block although a swap is waiting.
	inner, innerDone := c.Use()
	if inner != st {
		t.Fatal("a nested Use got another store")
	}
	innerDone()
	select {
	case <-ran:
		t.Fatal("the swap ran while the store was in use")
	default:
	}
	if _, err := st.Stamp(); err != nil {
		t.Fatalf("the store in use was closed: %v", err)
	}
	done()
	if err := <-swapped; err != nil {
		t.Fatal(err)
	}
	st2, done2 := c.Use()
	defer done2()
	if st2 == st {
		t.Fatal("the swap kept the old store")
	}
	if _, err := st2.Stamp(); err != nil {
		t.Fatal(err)
	}
}

// TestSwapFailureKeepsPassword: a change that fails reopens the folder as
// it was, and the error says why.
func TestSwapFailureKeepsPassword(t *testing.T) {
	c := open(t)
	boom := errors.New("boom")
	heard := 0
	c.OnChange(func(ch Change) {
		if ch&Reopened != 0 {
			heard++
		}
	})
	if err := c.Swap("secret-pw", func(string) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Swap = %v, want boom", err)
	}
	if c.Password() != "" || c.Encrypted() {
		t.Fatal("a failed change took the new password")
	}
	if heard != 1 {
		t.Fatalf("subscribers heard Reopened %d times, want 1", heard)
	}
}

// TestUseDuringSwaps reads the store from several goroutines, each use
// nesting another, while it is swapped again and again: the swaps get
// through although the uses overlap without a pause, and, run under -race,
// no operation sees a closed or half-swapped store.
func TestUseDuringSwaps(t *testing.T) {
	c := open(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				st, done := c.Use()
				_, err := st.Stamp()
				if err == nil { // an operation calling another
					inner, innerDone := c.Use()
					_, err = inner.Stamp()
					innerDone()
				}
				done()
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < 5; i++ {
		if err := c.Swap("", func(string) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a read during a swap failed: %v", err)
	}
}

func TestClock(t *testing.T) {
	c := open(t)
	at := time.Date(2026, 6, 10, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
	c.SetClock(func() time.Time { return at })
	if got := c.Now(); !got.Equal(at) || got.Location() != time.UTC {
		t.Fatalf("Now = %v, want %v in UTC", got, at)
	}
}
