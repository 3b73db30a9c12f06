package sync

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kehu-crm/kehu/app/i18n"
)

// The PostgreSQL hub's connection, schema and errors. The schema is made
// on first use, so an empty database (or one shared with other programs)
// is all a team needs:
//
//	kehu_meta(key, value)      schema = 2, server = a random id,
//	                           signed_after = the last seq of schema 1
//	kehu_changes(seq, device, hlc_from, hlc_to, count, body, pushed, pubkey, sig)
//	kehu_devices(device, pubkey, first)   the first key seen for each device
//
// A row of kehu_changes is one batch of one device's changes, the lines a
// sync file holds between its header and trailer (body, exact bytes: jsonb
// would reorder keys and make stores differ).

// pgSchema is the version of the tables this Kehu makes and understands:
// 2 signs each row (sync_pg_sign.go).
const pgSchema = 2

// pgLock is the advisory lock (“kehu”) that serialises pushes, so rows
// become visible in seq order and a pull never moves its mark past a row
// still being written, and the making of the tables.
const pgLock = 0x6b656875

// pgConnectTimeout bounds the connection when the URL sets none.
const pgConnectTimeout = 15 * time.Second

var pgCreate = []string{
	`CREATE TABLE IF NOT EXISTS kehu_meta (key text PRIMARY KEY, value text NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS kehu_changes (
		seq      bigserial PRIMARY KEY,
		device   text NOT NULL,
		hlc_from bigint NOT NULL,
		hlc_to   bigint NOT NULL,
		count    integer NOT NULL,
		body     bytea NOT NULL,
		pushed   timestamptz NOT NULL DEFAULT now(),
		UNIQUE (device, hlc_from, hlc_to))`,
	`CREATE INDEX IF NOT EXISTS kehu_changes_device ON kehu_changes (device, hlc_to)`,
}

// ServerError is a failure of the PostgreSQL hub as one translated sentence
// that says what to do. It never holds the password.
type ServerError struct {
	Key  string // English message key
	Data map[string]any
	Err  error // the cause, for errors.Is/As
}

func (e *ServerError) Error() string { return i18n.L(e.Key, e.Data) }
func (e *ServerError) Unwrap() error { return e.Err }

// ErrNoSyncURL means no server URL was given, set or in KEHU_SYNC_URL.
var ErrNoSyncURL = errors.New("no sync server URL")

// pgHub is an open connection to a Kehu database.
type pgHub struct {
	conn *pgx.Conn
	id   string // the database's random id (kehu_meta server)
	// signedAfter is the last row of schema 1, sent unsigned: rows after
	// it must be signed.
	signedAfter int64
	shown       string // user@host:port/database, for people
	pass        string // never shown: cut out of messages
	tls         bool   // the connection must be encrypted
	plain       bool   // the URL turned TLS off (sslmode=disable) over a network
}

// ServerName is how a server URL is shown: user@host:port/database, with
// no password; "" if it is not a PostgreSQL URL.
func ServerName(raw string) string {
	cfg, err := pgConfig(raw)
	if err != nil {
		return ""
	}
	return shownConfig(cfg)
}

func shownConfig(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if !strings.HasPrefix(host, "/") {
		host = net.JoinHostPort(host, strconv.Itoa(int(cfg.Port)))
	}
	return fmt.Sprintf("%s@%s/%s", cfg.User, host, cfg.Database)
}

// pgConfig parses a postgres:// URL. A key=value string is refused too:
// it is not what the settings and the flag promise.
func pgConfig(raw string) (*pgx.ConnConfig, error) {
	raw = strings.TrimSpace(raw)
	badURL := &ServerError{Key: "The server address is not a PostgreSQL URL: write it as postgres://USER:PASSWORD@HOST:5432/DATABASE."}
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return nil, badURL
	}
	// TLS is required unless the URL turns it off by name: libpq's default
	// ("prefer") and "allow" would fall back to a connection in clear
	// without a word.
	u, err := url.Parse(raw)
	if err != nil {
		return nil, badURL
	}
	q := u.Query()
	switch q.Get("sslmode") {
	case "", "allow", "prefer":
		q.Set("sslmode", "require")
		u.RawQuery = q.Encode()
		raw = u.String()
	}
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		return nil, badURL // its text may quote the password
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgConnectTimeout
	}
	return cfg, nil
}

// pgOpen connects and makes sure the database is Kehu's, creating the
// tables in an empty one.
func pgOpen(ctx context.Context, raw string) (*pgHub, error) {
	cfg, err := pgConfig(raw)
	if err != nil {
		return nil, err
	}
	h := &pgHub{shown: shownConfig(cfg), pass: cfg.Password}
	if network, _ := pgconn.NetworkAddress(cfg.Host, cfg.Port); network != "unix" {
		h.tls, h.plain = cfg.TLSConfig != nil, cfg.TLSConfig == nil
	}
	if h.conn, err = pgx.ConnectConfig(ctx, cfg); err != nil {
		return nil, h.fail(err)
	}
	if err := h.setup(ctx); err != nil {
		h.close()
		return nil, err
	}
	return h, nil
}

func (h *pgHub) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	h.conn.Close(ctx)
}

// setup checks the tables, or creates them where there are none.
func (h *pgHub) setup(ctx context.Context) error {
	tx, err := h.conn.Begin(ctx)
	if err != nil {
		return h.fail(err)
	}
	defer tx.Rollback(ctx)
	var meta, changes bool
	err = tx.QueryRow(ctx, `SELECT to_regclass('kehu_meta') IS NOT NULL, to_regclass('kehu_changes') IS NOT NULL`).Scan(&meta, &changes)
	if err != nil {
		return h.fail(err)
	}
	switch {
	case !meta && changes:
		return h.notKehu("kehu_changes", nil)
	case !meta:
		// First use. The lock makes computers starting at once make the
		// tables once; the first one's may not show yet in the others'
		// catalog cache, hence IF NOT EXISTS and ON CONFLICT: its rows win.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgLock)); err != nil {
			return h.fail(err)
		}
		for _, q := range pgCreate {
			if _, err := tx.Exec(ctx, q); err != nil {
				return h.fail(err)
			}
		}
		id := make([]byte, 8)
		rand.Read(id)
		// The tables of schema 1, upgraded below like any others.
		if _, err := tx.Exec(ctx, `INSERT INTO kehu_meta (key, value) VALUES ('schema', '1'), ('server', $1) ON CONFLICT (key) DO NOTHING`,
			hex.EncodeToString(id)); err != nil {
			return h.fail(err)
		}
	case !changes: // Kehu makes both tables at once
		return h.notKehu("kehu_meta", nil)
	}
	m := map[string]string{}
	var v string
	rows, err := tx.Query(ctx, `SELECT key, value FROM kehu_meta`)
	if err == nil {
		var k string
		_, err = pgx.ForEachRow(rows, []any{&k, &v}, func() error { m[k] = v; return nil })
	}
	if err != nil {
		return h.notKehu("kehu_meta", err)
	}
	schema, err := strconv.Atoi(m["schema"])
	if err != nil || schema < 1 || m["server"] == "" {
		return h.notKehu("kehu_meta", err)
	}
	if schema > pgSchema {
		return &ServerError{Key: "The database {{.Server}} was set up by a newer Kehu (schema {{.Schema}}): update Kehu on this computer; nothing was changed.",
			Data: map[string]any{"Server": h.shown, "Schema": schema}}
	}
	if schema < pgSchema {
		if err := h.upgrade(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT value FROM kehu_meta WHERE key = 'signed_after'`).Scan(&v); err != nil {
			return h.fail(err)
		}
		m["signed_after"] = v
	}
	if h.signedAfter, err = strconv.ParseInt(m["signed_after"], 10, 64); err != nil {
		return h.notKehu("kehu_meta", err)
	}
	if _, err := tx.Exec(ctx, `SELECT seq, device, hlc_from, hlc_to, count, body, pushed, pubkey, sig FROM kehu_changes LIMIT 0`); err != nil {
		return h.notKehu("kehu_changes", err)
	}
	if _, err := tx.Exec(ctx, `SELECT device, pubkey FROM kehu_devices LIMIT 0`); err != nil {
		return h.notKehu("kehu_devices", err)
	}
	h.id = m["server"]
	return h.fail(tx.Commit(ctx))
}

func (h *pgHub) notKehu(table string, err error) error {
	return &ServerError{Key: "The database {{.Server}} is not a Kehu database: its table {{.Table}} is another program's. Give Kehu an empty database of its own; nothing was changed.",
		Data: map[string]any{"Server": h.shown, "Table": table}, Err: err}
}

// fail turns a driver error into one sentence that says what to do.
func (h *pgHub) fail(err error) error {
	if err == nil {
		return nil
	}
	var se *ServerError
	if errors.As(err, &se) {
		return err
	}
	d := map[string]any{"Server": h.shown}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return &ServerError{Key: "The PostgreSQL server {{.Server}} refused the user name or password: check them in the URL.", Data: d, Err: err}
		case "3D000":
			return &ServerError{Key: "The database in {{.Server}} does not exist: create it (createdb) or correct its name in the URL.", Data: d, Err: err}
		case "42501":
			return &ServerError{Key: "The user of {{.Server}} may not create or write Kehu's tables: ask the database's owner to grant it, or to run the first sync.", Data: d, Err: err}
		}
		d["Err"] = h.hide(pe.Message)
		return &ServerError{Key: "The PostgreSQL server {{.Server}} failed: {{.Err}}", Data: d, Err: err}
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if h.tls && errors.As(err, &ce) && !errors.As(err, &ne) && !errors.Is(err, context.DeadlineExceeded) && !pgconn.Timeout(err) {
		d["Err"] = h.hide(ce.Unwrap().Error())
		return &ServerError{Key: "The PostgreSQL server {{.Server}} did not set up an encrypted (TLS) connection ({{.Err}}): turn on ssl in its postgresql.conf, or, only on a network you trust, add sslmode=disable to the URL to sync in clear.", Data: d, Err: err}
	}
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		why := err.Error()
		var oe *net.OpError
		if errors.As(err, &oe) {
			why = oe.Err.Error()
		} else if ne != nil {
			why = ne.Error()
		}
		d["Err"] = h.hide(why)
		return &ServerError{Key: "Cannot reach the PostgreSQL server {{.Server}} ({{.Err}}): check the address and port in the URL, and that the server runs and this computer may reach it.", Data: d, Err: err}
	}
	d["Err"] = h.hide(err.Error())
	return &ServerError{Key: "The PostgreSQL server {{.Server}} failed: {{.Err}}", Data: d, Err: err}
}

// hide cuts the password out of a message.
func (h *pgHub) hide(s string) string {
	if h.pass == "" {
		return s
	}
	return strings.ReplaceAll(s, h.pass, "****")
}
