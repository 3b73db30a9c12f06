// Package data keeps Kehu's records in a Badger store in the user's data folder:
// the model, the key schema and its indexes, transactions and migrations.
// It knows nothing of the window or of charts, and it returns its own errors
// (ErrNotFound, ErrLocked, …) so callers never see Badger's.
package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Options tune a Store. The zero value is right for the desktop.
type Options struct {
	// GCInterval is how often value-log GC runs while open; 0 means 10 minutes.
	GCInterval time.Duration
	// InMemory keeps everything in memory (benchmarks of pure CPU cost).
	InMemory bool
	// Password opens an encrypted folder (crypt.go); ignored for a plain one.
	Password string
	// Home is the data folder a staging store (Rewrite) is swapped into, so
	// its device id stays bound to that folder (device_home.go); "" means dir.
	Home string
}

// Store is an open data folder.
type Store struct {
	db   *badger.DB
	dir  string
	log  *logger
	lock interface{ Close() error } // Kehu's lock on the folder (folder_errors.go)
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
	home string   // where the device id is bound: dir, or Options.Home
	kf   *KeyFile // nil for a plain folder
	key  []byte
	gate gate // every transaction passes it; an import streaming closes it (gate.go)
	// rollupMu is held by a sales import deferring its rollups, from its
	// begin to its commit or roll-back, and by a rebuild (rollup_defer.go).
	rollupMu  sync.Mutex
	rollupsBy string // the batch holding rollupMu, "" if none
	heldMu    sync.Mutex
	hlc       hlcClock // hlc.go
	attachKey []byte   // an encrypted store's attachment key (attach_file.go); nil when plain
}

// Open opens (creating if needed) the store in dir, applies pending migrations
// and starts value-log GC. Only one process may have a folder open: a second one
// gets a *LockedError at once rather than waiting.
func Open(dir string, o Options) (*Store, error) {
	var lock interface{ Close() error } = nopCloser{}
	if !o.InMemory {
		if err := recoverSwap(dir); err != nil { // backup_restore.go
			return nil, err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder %s: %w", dir, classify(dir, err))
		}
		if _, err := checkOwn(dir); err != nil {
			return nil, fmt.Errorf("open data folder %s: %w", dir, classify(dir, err))
		}
		// Kehu's own lock comes first: Badger's lock error carries no OS
		// code, and nothing below may touch files another Kehu has open.
		var err error
		if lock, err = lockFolder(dir); err != nil {
			return nil, err
		}
		if err := dropEmptyLogs(dir); err != nil {
			lock.Close()
			return nil, fmt.Errorf("open data folder %s: %w", dir, classify(dir, err))
		}
		if err := checkFolder(dir); err != nil {
			lock.Close()
			return nil, fmt.Errorf("open data folder %s: %w", dir, classify(dir, err))
		}
	}
	lg := newLogger(dir, o.InMemory)
	db, kc, err := openDB(dir, o, lg) // crypt_open.go
	if err != nil {
		lg.close()
		err = classify(dir, err)
		lock.Close()
		var le *model.LockedError
		if errors.As(err, &le) {
			return nil, err
		}
		return nil, fmt.Errorf("open data folder %s: %w", dir, err)
	}
	s := &Store{db: db, dir: dir, home: dir, log: lg, lock: lock, stop: make(chan struct{}), kf: kc.kf, key: kc.key}
	s.hlc.now = time.Now
	if o.Home != "" {
		s.home = o.Home
	}
	fail := func(err error) (*Store, error) {
		db.Close()
		lg.close()
		lock.Close()
		return nil, err
	}
	if err := s.migrate(); err != nil {
		return fail(err)
	}
	if _, err := s.recoverBatches(); err != nil {
		return fail(fmt.Errorf("roll back an interrupted import: %w", err))
	}
	if err := s.checkHome(); err != nil { // device_home.go: a copied folder gets its own device id
		return fail(fmt.Errorf("open data folder %s: %w", dir, err))
	}
	if err := s.openAttachments(); err != nil { // attach_file.go
		db.Close()
		lg.close()
		return nil, fmt.Errorf("open data folder %s: %w", dir, err)
	}
	interval := o.GCInterval
	if interval == 0 {
		interval = 10 * time.Minute
	}
	if !o.InMemory {
		s.done.Add(1)
		go s.gcLoop(interval)
	}
	return s, nil
}

// dropEmptyLogs removes zero-byte value-log (.vlog) and memtable (.mem)
// files. A kill between Badger creating such a file and sizing it leaves
// one behind, and Badger v4 then refuses to open the folder ("Open existing
// file …: Create a new file", dgraph-io/badger#2207). An empty file holds
// nothing, not even its 20-byte header, so removing it loses nothing.
func dropEmptyLogs(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || (!strings.HasSuffix(n, ".vlog") && !strings.HasSuffix(n, ".mem")) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// options sizes Badger for a laptop rather than a server: Badger's defaults
// reserve 64 MB memtables ×5 and a 256 MB block cache, which a CRM of
// 100,000 customers never needs.
func options(dir string, o Options, lg *logger) badger.Options {
	opts := badger.DefaultOptions(dir).
		WithLogger(lg).
		WithMemTableSize(16 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(3).
		WithNumLevelZeroTablesStall(8).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		WithValueThreshold(4 << 10).
		// Tables of the bottom level are this ×32 (4 MB). A stream import
		// writes there, and each of its table builders holds about 8× a
		// table while it compresses (64 MB tables: GBs for a big import).
		WithBaseTableSize(128 << 10).
		// Not every write is synced: an import writes thousands of chunks.
		// update syncs after each logical change instead, so what the user
		// saw saved survives a power cut, and a batch is synced at its commit.
		WithSyncWrites(false).
		WithCompactL0OnClose(true)
	if o.InMemory {
		opts = opts.WithDir("").WithValueDir("").WithInMemory(true)
	}
	return opts
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// Dir is the data folder.
func (s *Store) Dir() string { return s.dir }

// Close stops GC and closes the store. It is safe to call more than once.
func (s *Store) Close() error {
	var err error
	s.once.Do(func() {
		close(s.stop)
		s.done.Wait()
		s.gc()
		err = s.db.Close()
		s.log.close()
		s.lock.Close()
	})
	return err
}

func (s *Store) gcLoop(every time.Duration) {
	defer s.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.gc()
		}
	}
}

// gc rewrites value-log files that are at least half garbage, until Badger
// says there is nothing left to rewrite.
func (s *Store) gc() {
	if s.db.Opts().InMemory {
		return
	}
	s.gate.enter()
	defer s.gate.leave()
	for s.db.RunValueLogGC(0.5) == nil {
	}
}

// Sync flushes written data to disk.
func (s *Store) Sync() error { return s.db.Sync() }
