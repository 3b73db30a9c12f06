package core

// Change says what a write touched, so that the caches derived from it are
// dropped: the customer list, for one, shows each customer's recent sales.
type Change uint8

const (
	Customers Change = 1 << iota
	Sales
	Complaints
	Accounts
	Settings
	// Reopened means the store was swapped (restore, encryption, demo):
	// everything read before is stale.
	Reopened

	All = Customers | Sales | Complaints | Accounts | Settings | Reopened
)

// OnChange calls f after every Changed, on the goroutine that made the
// change. f must be quick and must not call Changed or Swap.
func (c *Core) OnChange(f func(Change)) {
	c.subMu.Lock()
	c.subs = append(c.subs, f)
	c.subMu.Unlock()
}

// Changed tells the subscribers what a write touched.
func (c *Core) Changed(ch Change) {
	c.subMu.Lock()
	subs := append([]func(Change){}, c.subs...)
	c.subMu.Unlock()
	for _, f := range subs {
		f(ch)
	}
}
