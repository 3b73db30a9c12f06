package sync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"maps"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// Signed rows. Anyone with the server's password can write kehu_changes,
// so a row's device id proves nothing by itself: each device signs its
// rows with its ed25519 key (data.Store.SigningKey), the server lists the
// first public key seen for each device (kehu_devices, trust on first use)
// and every computer pins that key on first sight (data.Store.PinDeviceKey).
// A row of a device signed by any other key is refused, and a device's own
// push mark counts only rows signed by its own key, so a forged row with a
// huge hlc_to cannot stop its pushes.

// pgUpgrade turns a schema 1 database into schema 2: its rows so far stay
// valid unsigned (signed_after), later ones must be signed.
var pgUpgrade = []string{
	`ALTER TABLE kehu_changes ADD COLUMN IF NOT EXISTS pubkey bytea NOT NULL DEFAULT '\x'::bytea`,
	`ALTER TABLE kehu_changes ADD COLUMN IF NOT EXISTS sig bytea NOT NULL DEFAULT '\x'::bytea`,
	`ALTER TABLE kehu_changes DROP CONSTRAINT IF EXISTS kehu_changes_device_hlc_from_hlc_to_key`,
	`ALTER TABLE kehu_changes ADD CONSTRAINT kehu_changes_batch UNIQUE (device, hlc_from, hlc_to, pubkey)`,
	`CREATE TABLE IF NOT EXISTS kehu_devices (device text PRIMARY KEY, pubkey bytea NOT NULL, first timestamptz NOT NULL DEFAULT now())`,
	`INSERT INTO kehu_meta (key, value) SELECT 'signed_after', coalesce(max(seq), 0)::text FROM kehu_changes ON CONFLICT (key) DO NOTHING`,
	`UPDATE kehu_meta SET value = '2' WHERE key = 'schema'`,
}

// upgrade brings the tables to pgSchema under the lock; a computer that
// waited for another's upgrade finds it done.
func (h *pgHub) upgrade(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgLock)); err != nil {
		return h.fail(err)
	}
	var v string
	if err := tx.QueryRow(ctx, `SELECT value FROM kehu_meta WHERE key = 'schema'`).Scan(&v); err != nil {
		return h.fail(err)
	}
	if n, err := strconv.Atoi(v); err != nil || n >= pgSchema {
		return h.fail(err)
	}
	for _, q := range pgUpgrade {
		if _, err := tx.Exec(ctx, q); err != nil {
			return h.fail(err)
		}
	}
	return nil
}

// BatchMessage is what a row's signature covers: every column a pull
// reads but seq.
func BatchMessage(device string, from, to int64, count int, body []byte) []byte {
	m := make([]byte, 0, 64+len(body))
	m = append(m, "kehu-sync-batch/1\x00"...)
	m = append(m, device...)
	m = binary.BigEndian.AppendUint64(m, uint64(from))
	m = binary.BigEndian.AppendUint64(m, uint64(to))
	m = binary.BigEndian.AppendUint32(m, uint32(count))
	return append(m, body...)
}

// register makes the server know this device's key, or reports that it
// knows another one for this device id.
func (h *pgHub) register(ctx context.Context, tx pgx.Tx, dev string, pub ed25519.PublicKey) error {
	if _, err := tx.Exec(ctx, `INSERT INTO kehu_devices (device, pubkey) VALUES ($1, $2) ON CONFLICT (device) DO NOTHING`, dev, []byte(pub)); err != nil {
		return h.fail(err)
	}
	var known []byte
	if err := tx.QueryRow(ctx, `SELECT pubkey FROM kehu_devices WHERE device = $1`, dev).Scan(&known); err != nil {
		return h.fail(err)
	}
	if !bytes.Equal(known, pub) {
		return &ServerError{Key: "The server {{.Server}} knows another key for this computer's device id {{.Device}}: another computer may be posing as this one. Nothing was sent. If this computer is the real one, ask whoever runs the server to delete the device's row from kehu_devices.",
			Data: map[string]any{"Server": h.shown, "Device": dev}}
	}
	return nil
}

// deviceKeys reads the server's list of device keys.
func (h *pgHub) deviceKeys(ctx context.Context) (map[string][]byte, error) {
	rows, err := h.conn.Query(ctx, `SELECT device, pubkey FROM kehu_devices`)
	if err != nil {
		return nil, h.fail(err)
	}
	keys := map[string][]byte{}
	var d string
	var k []byte
	_, err = pgx.ForEachRow(rows, []any{&d, &k}, func() error {
		keys[d] = bytes.Clone(k)
		return nil
	})
	return keys, h.fail(err)
}

// signedBy checks a row's signature against the key pinned for its device;
// it returns the reason it is refused, "" if it is not.
func (s *Service) signedBy(ctx context.Context, h *pgHub, keys map[string][]byte, r pgRow) (string, error) {
	store, done := s.c.Use()
	defer done()
	if r.seq <= h.signedAfter && len(r.pubkey) == 0 && len(r.sig) == 0 {
		return "", nil // sent before the server signed rows
	}
	known, ok := keys[r.device]
	if !ok { // registered after the list was read?
		fresh, err := h.deviceKeys(ctx)
		if err != nil {
			return "", err
		}
		maps.Copy(keys, fresh)
		if known, ok = keys[r.device]; !ok {
			return forgedMsg, nil
		}
	}
	pinned, err := store.PinDeviceKey(r.device, known)
	if err != nil {
		return forgedMsg, nil
	}
	if !bytes.Equal(pinned, r.pubkey) || !ed25519.Verify(pinned, BatchMessage(r.device, r.from, r.to, r.count, r.body), r.sig) {
		return forgedMsg, nil
	}
	return "", nil
}

// forgedMsg reports a row not signed by the key first seen for its device.
const forgedMsg = "Refused: the row says it is from device {{.Device}} but is not signed with that computer's key (the first one seen for it). Someone with the server's password may be posing as that computer; nothing of the row was applied."
