package sync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/jackc/pgx/v5"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data"
)

// Sync through a PostgreSQL database, for teams that outgrow a folder: the
// same batches of changes as the folder's files, as rows of one table
// (sync_pg_conn.go), so any number of computers converge.
//
// A push sends this device's changes after the last one the server holds
// from it: the server, not this computer, keeps that mark, so a push
// retried after a lost answer adds nothing and a new server gets
// everything. A pull applies the other devices' rows after the last seq
// pulled from this server, each row in one transaction remembered as
// applied (device, pg-FROM-TO), so pulling again changes nothing even when
// the mark was lost.

// SettingSyncURL is the setting holding the server URL (Settings → Sync,
// kehu settings set sync_url); KEHU_SYNC_URL is used when it is empty.
const SettingSyncURL = "sync_url"

// EnvSyncURL is the environment variable that may hold the server URL.
const EnvSyncURL = "KEHU_SYNC_URL"

// pgPullRows is how many rows a pull reads at a time (each up to
// syncFileChanges changes).
const pgPullRows = 20

// SyncURL is the server URL chosen in Settings, "" if none.
func (s *Service) SyncURL() (string, error) {
	st, done := s.c.Use()
	defer done()
	return st.Setting(SettingSyncURL)
}

// SetSyncURL chooses the server URL ("" for none). Anything but a
// postgres:// URL is refused.
func (s *Service) SetSyncURL(raw string) error {
	store, done := s.c.Use()
	defer done()
	raw = strings.TrimSpace(raw)
	if old, err := s.SyncURL(); err != nil || (old != "" && raw == MaskURL(old)) {
		return err
	}
	if raw != "" {
		if _, err := pgConfig(raw); err != nil {
			return err
		}
	}
	return store.SetSetting(SettingSyncURL, raw)
}

// MaskURL is a server URL with its password as ****, for showing it in a
// field (SetSyncURL keeps the saved one when given it back unchanged).
func MaskURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	// A placeholder, then ****: url would escape the stars.
	const mark = "KEHUPASSWORDMASK"
	if p, ok := u.User.Password(); ok && p != "" {
		u.User = url.UserPassword(u.User.Username(), mark)
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", mark)
		u.RawQuery = q.Encode()
	}
	return strings.ReplaceAll(u.String(), mark, "****")
}

// ResolveSyncURL is the server URL to use: raw if given, else KEHU_SYNC_URL,
// else the one chosen in Settings; ErrNoSyncURL if none.
func (s *Service) ResolveSyncURL(raw string) (string, error) {
	if raw = strings.TrimSpace(raw); raw != "" {
		return raw, nil
	}
	if env := strings.TrimSpace(os.Getenv(EnvSyncURL)); env != "" {
		return env, nil
	}
	set, err := s.SyncURL()
	if err == nil && set == "" {
		err = ErrNoSyncURL
	}
	return set, err
}

// SyncPush sends this device's changes the server does not have yet.
func (s *Service) SyncPush(ctx context.Context, raw string) (*Result, error) {
	res := &Result{At: s.c.Now()}
	return res, s.withHub(ctx, raw, res, s.pgPush)
}

// SyncPull applies the other devices' changes on the server not applied yet.
func (s *Service) SyncPull(ctx context.Context, raw string) (*Result, error) {
	res := &Result{At: s.c.Now()}
	return res, s.withHub(ctx, raw, res, s.pgPull)
}

// SyncServer pushes then pulls, and remembers the result (LastSync).
func (s *Service) SyncServer(ctx context.Context, raw string) (*Result, error) {
	res := &Result{At: s.c.Now()}
	err := s.withHub(ctx, raw, res, func(ctx context.Context, h *pgHub, res *Result) error {
		if err := s.pgPush(ctx, h, res); err != nil {
			return err
		}
		return s.pgPull(ctx, h, res)
	})
	return res, s.remember(res, err)
}

func (s *Service) withHub(ctx context.Context, raw string, res *Result, fn func(context.Context, *pgHub, *Result) error) error {
	store, done := s.c.Use()
	defer done()
	dev, err := store.DeviceID()
	if err != nil {
		return err
	}
	res.Device = dev
	raw, err = s.ResolveSyncURL(raw)
	if err != nil {
		return err
	}
	res.Server = ServerName(raw)
	h, err := pgOpen(ctx, raw)
	if err != nil {
		return err
	}
	defer h.close()
	res.Plain = h.plain
	return fn(ctx, h, res)
}

// pgPush inserts the batches in one transaction, under the push lock.
func (s *Service) pgPush(ctx context.Context, h *pgHub, res *Result) error {
	store, done := s.c.Use()
	defer done()
	tx, err := h.conn.Begin(ctx)
	if err != nil {
		return h.fail(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgLock)); err != nil {
		return h.fail(err)
	}
	key, err := store.SigningKey()
	if err != nil {
		return err
	}
	pub := key.Public().(ed25519.PublicKey)
	if err := h.register(ctx, tx, res.Device, pub); err != nil {
		return err
	}
	// Only this device's rows count: signed by its key (or sent unsigned
	// before the server signed rows), so a forged row cannot stop its
	// pushes. Rows dated beyond this clock's skew limit do not count
	// either: they were sent while this clock was far ahead, and what they
	// held is logged again since (check --repair), dated now.
	var mark int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(hlc_to), 0) FROM kehu_changes WHERE device = $1 AND hlc_to <= $2
		AND (pubkey = $3 OR (pubkey = '\x'::bytea AND seq <= $4))`,
		res.Device, pgHLC(store.SkewLimit()), []byte(pub), h.signedAfter).Scan(&mark); err != nil {
		return h.fail(err)
	}
	seal, err := s.syncSealer() // sync_seal.go
	if err != nil {
		return err
	}
	var sent int
	var names []string
	err = s.outgoing(uint64(mark), func(from, to uint64, list []data.LoggedChange) error {
		var body bytes.Buffer
		for i, c := range list {
			if i > 0 {
				body.WriteByte('\n')
			}
			body.Write(c.JSON)
		}
		if seal != nil {
			box, err := seal.seal(body.Bytes(), batchAAD(res.Device, from, to))
			if err != nil {
				return err
			}
			body.Reset()
			body.Write(box)
		}
		sig := ed25519.Sign(key, BatchMessage(res.Device, int64(from), int64(to), len(list), body.Bytes()))
		_, err := tx.Exec(ctx, `INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body, pubkey, sig) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (device, hlc_from, hlc_to, pubkey) DO NOTHING`, res.Device, int64(from), int64(to), len(list), body.Bytes(), []byte(pub), sig)
		sent += len(list)
		names = append(names, batchName(from, to))
		return h.fail(err)
	})
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return h.fail(err)
	}
	res.Exported += sent
	res.Written = append(res.Written, names...)
	return nil
}

// pgHLC is an HLC as a bigint column holds it: values past the largest
// bigint (none before the year 6429) are that.
func pgHLC(v uint64) int64 {
	if v > 1<<63-1 {
		return 1<<63 - 1
	}
	return int64(v)
}

type pgRow struct {
	seq      int64
	device   string
	from, to int64
	count    int
	size     int64 // of body
	body     []byte
	pubkey   []byte
	sig      []byte
}

// pgPull applies rows in seq order. The mark stops before the first row
// skipped (no exchange rate yet, say), so it is tried again next time.
func (s *Service) pgPull(ctx context.Context, h *pgHub, res *Result) error {
	store, done := s.c.Use()
	defer done()
	markKey := "sync_pg_pulled_" + h.id
	v, err := store.Setting(markKey)
	if err != nil {
		return err
	}
	mark, _ := strconv.ParseInt(v, 10, 64)
	defer s.c.Changed(applied)
	keys, err := h.deviceKeys(ctx)
	if err != nil {
		return err
	}
	for after, stuck := mark, false; ; {
		// The rows' bodies are read one at a time, and only those within
		// MaxFileBytes; the other columns are cut to what is valid.
		rows, err := h.conn.Query(ctx, `SELECT seq, left(device, 64), hlc_from, hlc_to, count, length(body),
			substring(pubkey from 1 for 64), substring(sig from 1 for 128) FROM kehu_changes
			WHERE seq > $1 AND device <> $2 ORDER BY seq LIMIT $3`, after, res.Device, pgPullRows)
		if err != nil {
			return h.fail(err)
		}
		var list []pgRow
		var r pgRow
		if _, err := pgx.ForEachRow(rows, []any{&r.seq, &r.device, &r.from, &r.to, &r.count, &r.size, &r.pubkey, &r.sig}, func() error {
			list = append(list, r)
			return nil
		}); err != nil {
			return h.fail(err)
		}
		if len(list) == 0 {
			return nil
		}
		for _, row := range list {
			if row.size > MaxFileBytes {
				res.skip(i18n.L("{{.Server}}, row {{.Seq}}", map[string]any{"Server": h.shown, "Seq": row.seq}),
					"The row is larger than a batch may be ({{.Max}} MB): it was not read. Ask whoever runs the server to delete it.", map[string]any{"Max": MaxFileBytes >> 20})
				stuck, after = true, row.seq
				continue
			}
			if err := h.conn.QueryRow(ctx, `SELECT body FROM kehu_changes WHERE seq = $1`, row.seq).Scan(&row.body); err != nil {
				return h.fail(err)
			}
			why, err := s.signedBy(ctx, h, keys, row)
			if err != nil {
				return err
			}
			if why != "" { // refused, and read again next time: it may be a damaged copy
				res.skip(i18n.L("{{.Server}}, row {{.Seq}}", map[string]any{"Server": h.shown, "Seq": row.seq}), why, map[string]any{"Device": row.device})
				stuck, after = true, row.seq
				continue
			}
			if !s.pgApply(h, row, res) {
				stuck = true
			}
			if after = row.seq; !stuck {
				mark = row.seq
			}
		}
		if err := store.SetSetting(markKey, strconv.FormatInt(mark, 10)); err != nil {
			return err
		}
	}
}

// pgApply checks and applies one row; false if it was skipped.
func (s *Service) pgApply(h *pgHub, r pgRow, res *Result) bool {
	store, release := s.c.Use()
	defer release()
	where := i18n.L("{{.Server}}, row {{.Seq}}", map[string]any{"Server": h.shown, "Seq": r.seq})
	if !data.ValidDevice(r.device) || r.from <= 0 || r.to < r.from {
		res.skip(where, "Not a Kehu sync file or device folder.", nil)
		return false
	}
	name := "pg-" + batchName(uint64(r.from), uint64(r.to))
	if done, err := store.Applied(r.device, name); err == nil && done {
		return true // pulled before the mark was lost: not even parsed
	}
	changes, reason, d := decodeRow(r.device, r.body, r.count, s.syncOpener(), batchAAD(r.device, uint64(r.from), uint64(r.to)))
	if reason != "" {
		res.skip(where, reason, d)
		return false
	}
	return s.applyBatch(r.device, name, where, changes, res)
}

// decodeRow reads a row's body: count changes of device dev, one a line,
// each checked as a sync file's are. It returns why the row is skipped, ""
// if it is not.
// A sealed body is opened with key first, bound to aad.
func decodeRow(dev string, body []byte, count int, key *sealer, aad []byte) ([]model.SyncChange, string, map[string]any) {
	if len(body) > MaxFileBytes {
		return nil, "The row is larger than a batch may be ({{.Max}} MB): it was not read. Ask whoever runs the server to delete it.", map[string]any{"Max": MaxFileBytes >> 20}
	}
	if sealed(body) {
		plain, why := key.open(body, aad)
		if why != "" {
			return nil, why, nil
		}
		body = plain
	}
	if count < 1 || count > syncFileChanges || bytes.Count(body, []byte("\n")) != count-1 {
		return nil, "The file is damaged (its checksum or count does not match): it was not applied.", nil
	}
	return parseChanges(dev, bytes.Split(body, []byte("\n")), 1)
}
