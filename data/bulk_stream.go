package data

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
)

// Streaming a big import. Writing a hundred thousand new records through
// transactions costs Badger a write-ahead log, a skiplist, a flush and
// compactions; its stream writer instead builds sorted tables straight into
// a free level of the tree, which is several times cheaper. It is used for
// the new records of a pending batch only (fresh ids: no key exists yet),
// and keeps the batch's guarantees:
//
//   - the batch's members are streamed first and flushed (tables synced and
//     in the manifest) before any record, so an import killed while
//     streaming has every written record listed, and the pending batch is
//     rolled back at open like one killed between chunks;
//   - the commit marker is still written last, by a transaction;
//   - records whose value would go to the value log (over the store's value
//     threshold) are left to the transactional path, since streamed value-log
//     writes are not synced before the tables pointing at them.
//
// The stream writer blocks Badger's writes and renews its transaction
// oracle, so no transaction may be open meanwhile: the store's gate is
// closed for the duration, and when it cannot be closed quickly the import
// writes through transactions as before.

// streamMin is the fewest new records worth streaming: a stream flushes
// the memtable and may consolidate the tree first, which costs more than a
// small import writes.
const streamMin = 2000

// gateWait is how long a stream waits for open transactions to end.
const gateWait = 2 * time.Second

type kv struct {
	k, v []byte
	del  bool // a deletion marker
}

// StreamNewCustomers writes new customers (Change.Before nil) of the
// pending batch straight into the tree, logged like WriteChunk logs them.
// It returns the changes it did not write (too big a record, or none when
// streaming was not possible: then all of them), for WriteChunk.
func (s *Store) StreamNewCustomers(batchID string, changes []model.Change) ([]model.Change, error) {
	if len(changes) < streamMin || s.db.Opts().InMemory {
		return changes, nil
	}
	var dev string
	if err := s.updateNoSync(func(txn *badger.Txn) error {
		if err := s.seedClock(txn); err != nil {
			return err
		}
		var err error
		dev, err = deviceID(txn)
		return err
	}); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	limit := int(s.db.Opts().ValueThreshold)
	var rest, fresh []model.Change
	for _, ch := range changes {
		if ch.Before != nil {
			rest = append(rest, ch)
			continue
		}
		c := ch.After
		if c.ID == "" {
			c.ID = model.NewID()
		}
		if c.Created.IsZero() {
			c.Created = now
		}
		c.Updated = now
		fresh = append(fresh, ch)
	}
	// Encode on every core: records, their indexes, registers.
	vals := make([][]byte, len(fresh))
	parts := make([][]kv, runtime.GOMAXPROCS(0))
	errs := make([]error, len(parts))
	first := s.hlc.tickN(len(fresh))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := p*len(fresh)/len(parts), (p+1)*len(fresh)/len(parts)
			out := make([]kv, 0, (to-from)*6)
			regLen := 1 + 16 + 1 + len(dev)
			regs := make([]byte, 0, (to-from)*regLen)
			for i := from; i < to; i++ {
				c := fresh[i].After
				v, err := marshalCustomer(c)
				if err != nil {
					errs[p] = err
					return
				}
				vals[i] = v
				out = append(out, kv{k: customerKey(c.ID), v: v})
				for _, k := range customerIndexKeys(c) {
					out = append(out, kv{k: k})
				}
				regs = append(regs, compactRegMark)
				regs = appendStamp(regs, first+uint64(i), dev)
				out = append(out, kv{k: registerKey(model.KindCustomer, c.ID), v: regs[len(regs)-regLen : len(regs) : len(regs)]})
			}
			parts[p] = out
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// The few records too big to stream take the transactional path; their
	// stamps are simply not used.
	var members []kv
	var streamed []string
	for i, ch := range fresh {
		if len(vals[i]) >= limit {
			rest = append(rest, ch)
			continue
		}
		streamed = append(streamed, ch.After.ID)
	}
	if len(rest) > 0 {
		big := map[string]bool{}
		for _, ch := range rest {
			if ch.Before == nil {
				big[ch.After.ID] = true
			}
		}
		for p := range parts {
			parts[p] = slices.DeleteFunc(parts[p], func(e kv) bool { return big[recordOf(e.k)] })
		}
	}
	if len(streamed) == 0 {
		return changes, nil
	}
	for i := 0; i < len(streamed); i += customerListLen {
		part := streamed[i:min(i+customerListLen, len(streamed))]
		members = append(members, kv{k: memberKey(batchID, part[0]), v: encodeCustomerList(now, part)})
	}
	// One log entry per run of consecutive stamps (a big record cut a run).
	var logs []kv
	pos := map[string]uint64{}
	for i, ch := range fresh {
		pos[ch.After.ID] = first + uint64(i)
	}
	for i := 0; i < len(streamed); {
		j := i + 1
		for j < len(streamed) && j-i < 1000 && pos[streamed[j]] == pos[streamed[j-1]]+1 {
			j++
		}
		logs = append(logs, kv{k: changeKey(pos[streamed[i]]), v: encodeBatchLog(model.KindCustomer, dev, streamed[i:j])})
		i = j
	}
	ok, err := s.stream([][]kv{members}, append(parts, logs), nil)
	if err != nil || !ok {
		return changes, err
	}
	return rest, nil
}

// recordOf is the customer id an entry of a new customer is about: the last
// part of an index or register key, the id of a record key.
func recordOf(k []byte) string {
	switch k[0] {
	case pCustomer:
		return string(k[1:])
	case pIdxUpdated:
		return string(k[9:])
	}
	return lastPart(k)
}

// stream writes first, then rest, as two stream-writer sessions while the
// gate is closed. It reports false, having written nothing, when streaming
// was not possible. more, if set, gives entries to add to rest, read once
// the gate is closed.
func (s *Store) stream(first, rest [][]kv, more func() ([]kv, error)) (bool, error) {
	return s.streamLead(first, nil, rest, more)
}

// emitter puts entries, in key order, to a stream session; it makes them
// as it goes, so they need not all be in memory at once.
type emitter func(put func(kv) error) error

// streamLead is stream with lead, if set, merged in key order into the
// second session.
func (s *Store) streamLead(first [][]kv, lead emitter, rest [][]kv, more func() ([]kv, error)) (bool, error) {
	if !s.gate.close(gateWait) {
		return false, nil
	}
	defer s.gate.open()
	// Flush the memtable: the stream writer needs it empty.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(flushKey, nil) }); err != nil {
		return false, err
	}
	if err := s.db.DropPrefix(flushKey); err != nil {
		return false, err
	}
	if more != nil {
		extra, err := more()
		if err != nil {
			return false, err
		}
		rest = append(rest, extra)
	}
	if err := s.streamSession(nil, first); err != nil {
		if isMemtableBusy(err) {
			return false, nil
		}
		return false, fmt.Errorf("stream import: %w", err)
	}
	if err := s.streamSession(lead, rest); err != nil {
		return false, fmt.Errorf("stream import: %w", err)
	}
	return true, nil
}

func isMemtableBusy(err error) bool {
	return err != nil && strings.Contains(err.Error(), "MemTable has data")
}

// streamSession writes entries (fresh keys, or new versions of rollups) in
// one stream-writer session: lead's, then lists'. One stream, written in
// key order: each stream has a table builder of its own, whose buffer is
// sized for a table of the tree's bottom level (128 MB), so streams per key
// prefix cost more memory than they save time.
func (s *Store) streamSession(lead emitter, lists [][]kv) error {
	groups := byPrefix(lists)
	if len(groups) == 0 && lead == nil {
		return nil
	}
	sw := s.db.NewStreamWriter()
	if err := sw.PrepareIncremental(); err != nil {
		sw.Cancel()
		return err
	}
	version := s.db.MaxVersion() + 1
	// A buffer is handed over before it would grow: growing copies it.
	const bufSize, handAt = 8 << 20, 7 << 20
	// Two buffers: one is filled while the stream writer decodes the
	// other on a goroutine of its own.
	var bufs [2]*z.Buffer
	for i := range bufs {
		bufs[i] = z.NewBuffer(bufSize, "kehu.stream")
		defer bufs[i].Release()
	}
	full := make(chan *z.Buffer)
	wrote := make(chan error, 1)
	go func() {
		var err error
		for b := range full {
			if err == nil {
				err = sw.Write(b)
			}
			b.Reset()
			wrote <- err
		}
	}()
	buf, spare := bufs[0], bufs[1]
	pending := false // spare is being written
	// hand gives buf to the writer and takes the spare once it is written.
	hand := func() error {
		var err error
		if pending {
			err = <-wrote
		}
		full <- buf
		buf, spare, pending = spare, buf, true
		return err
	}
	wait := func() error {
		close(full)
		if pending {
			return <-wrote
		}
		return nil
	}
	var last []byte
	put := func(e kv) error {
		// The stream writer panics on a key out of order; say so instead.
		if last != nil && bytes.Compare(e.k, last) <= 0 {
			return fmt.Errorf("key %q after %q: out of order", e.k, last)
		}
		last = append(last[:0], e.k...)
		appendKV(buf, e, version)
		if buf.LenNoPadding() >= handAt {
			return hand()
		}
		return nil
	}
	// The groups' entries, in key order, are merged with lead's as it
	// makes them (a customer history 'C' sorts before a sale 'a').
	gi, ei := 0, 0
	upTo := func(k []byte) error {
		for ; gi < len(groups); gi, ei = gi+1, 0 {
			for ; ei < len(groups[gi]); ei++ {
				e := groups[gi][ei]
				if k != nil && bytes.Compare(e.k, k) >= 0 {
					return nil
				}
				if err := put(e); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err := func() error {
		if lead != nil {
			if err := lead(func(e kv) error {
				if err := upTo(e.k); err != nil {
					return err
				}
				return put(e)
			}); err != nil {
				return err
			}
		}
		if err := upTo(nil); err != nil {
			return err
		}
		return hand()
	}()
	if werr := wait(); err == nil {
		err = werr
	}
	if err != nil {
		sw.Cancel()
		return err
	}
	return sw.Flush()
}

// byPrefix sorts entries by key: it groups them by key prefix (a list of
// one prefix is kept as it is, not copied), sorts each group on a core of
// its own, and returns the groups in key order.
func byPrefix(lists [][]kv) [][]kv {
	var groups [256][][]kv
	for _, list := range lists {
		if len(list) == 0 {
			continue
		}
		mixed := false
		for _, e := range list {
			if e.k[0] != list[0].k[0] {
				mixed = true
				break
			}
		}
		if !mixed {
			groups[list[0].k[0]] = append(groups[list[0].k[0]], list)
			continue
		}
		var n [256]int
		for _, e := range list {
			n[e.k[0]]++
		}
		var split [256][]kv
		for p, c := range n {
			if c > 0 {
				split[p] = make([]kv, 0, c)
			}
		}
		for _, e := range list {
			split[e.k[0]] = append(split[e.k[0]], e)
		}
		for p, part := range split {
			if len(part) > 0 {
				groups[p] = append(groups[p], part)
			}
		}
	}
	var out [][]kv
	for _, g := range groups {
		switch len(g) {
		case 0:
		case 1:
			out = append(out, g[0])
		default:
			out = append(out, slices.Concat(g...))
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, part := range out {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			slices.SortFunc(part, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
			<-sem
		}()
	}
	wg.Wait()
	return out
}
