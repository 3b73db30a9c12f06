// Package pgtest starts, in tests, a throwaway PostgreSQL server: initdb in
// a temporary folder, a Unix socket there and 127.0.0.1 on a free port,
// stopped and removed when the test ends. Tests skip, saying how to install
// PostgreSQL, where its programs are missing.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Password is the superuser's password over TCP (the socket trusts).
const Password = "kehu-test-secret"

// Server is a running throwaway PostgreSQL.
type Server struct {
	Dir  string // its folder: data in Dir/data, the socket in Dir
	Port int    // on 127.0.0.1
	User string
	n    atomic.Int32
}

// bin finds initdb, pg_ctl and postgres: in KEHU_PG_BIN if set, else on
// the PATH or where Debian, Ubuntu, Red Hat and Homebrew put them.
func bin() (string, error) {
	var dirs []string
	if d := os.Getenv("KEHU_PG_BIN"); d != "" {
		dirs = append(dirs, d) // the only place looked at when given
	} else {
		if p, err := exec.LookPath("initdb"); err == nil {
			dirs = append(dirs, filepath.Dir(p))
		}
		deb, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		sort.Slice(deb, func(i, j int) bool { return version(deb[i]) > version(deb[j]) })
		rh, _ := filepath.Glob("/usr/pgsql-*/bin")
		dirs = append(append(append(dirs, deb...), rh...), "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin")
	}
	for _, d := range dirs {
		if isFile(filepath.Join(d, "initdb")) && isFile(filepath.Join(d, "pg_ctl")) && isFile(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", fmt.Errorf("PostgreSQL is not installed here (no initdb, pg_ctl and postgres found): install it with `sudo apt-get install postgresql` (make test does), or set KEHU_PG_BIN to its bin folder")
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// skip skips t for a missing or unusable PostgreSQL, or fails it under CI.
func skip(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true needs PostgreSQL: %v", err)
	}
	t.Skip(err.Error())
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// Start starts a server for the test, or skips the test if PostgreSQL is
// not installed — except under CI=true, where a missing server fails the
// test: CI must not pass by testing less. It stops at the end of the test.
func Start(t testing.TB) *Server {
	t.Helper()
	dir, err := bin()
	if err != nil {
		skip(t, err)
	}
	// Not t.TempDir: as root the server runs as another user, who must
	// reach the folder, and a socket's path must stay short.
	tmp, err := os.MkdirTemp("", "kehu-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	run, owner, err := runAs(tmp)
	if err != nil {
		skip(t, err)
	}
	if owner != nil {
		if err := os.Chown(tmp, owner.uid, owner.gid); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{Dir: tmp, User: "kehu"}
	pw := filepath.Join(tmp, "pw")
	if err := os.WriteFile(pw, []byte(Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if owner != nil {
		os.Chown(pw, owner.uid, owner.gid)
	}
	data := filepath.Join(tmp, "data")
	if out, err := run(filepath.Join(dir, "initdb"), "-D", data, "-U", s.User, "--pwfile", pw, "-E", "UTF8", "--locale", "C",
		"--auth-local", "trust", "--auth-host", "scram-sha-256", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-k %s -c listen_addresses=127.0.0.1 -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off", tmp, s.Port)
	ctl := filepath.Join(dir, "pg_ctl")
	log := filepath.Join(tmp, "log")
	if out, err := run(ctl, "-D", data, "-l", log, "-w", "-t", "120", "-o", opts, "start"); err != nil {
		b, _ := os.ReadFile(log)
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, b)
	}
	t.Cleanup(func() { run(ctl, "-D", data, "-m", "immediate", "-w", "stop") })
	watch(tmp, data)
	return s
}

type ids struct{ uid, gid int }

// runAs runs programs as this user, or, as root (whom PostgreSQL refuses),
// as postgres or nobody; owner is that user.
func runAs(dir string) (func(name string, args ...string) ([]byte, error), *ids, error) {
	cmd := func(name string, args ...string) *exec.Cmd {
		c := exec.Command(name, args...)
		c.Dir = dir // the other user may not reach ours
		return c
	}
	direct := func(name string, args ...string) ([]byte, error) {
		return cmd(name, args...).CombinedOutput()
	}
	if os.Geteuid() != 0 {
		return direct, nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if rp, err := exec.LookPath("runuser"); err == nil {
			return func(prog string, args ...string) ([]byte, error) {
				return cmd(rp, append([]string{"-u", name, "--", prog}, args...)...).CombinedOutput()
			}, &ids{uid, gid}, nil
		}
	}
	return nil, nil, fmt.Errorf("running as root without runuser or a postgres/nobody user: PostgreSQL refuses to run as root")
}

// DB creates a new empty database and returns its URL over the socket.
func (s *Server) DB(t testing.TB) string {
	t.Helper()
	return s.URL(s.NewDB(t))
}

// NewDB creates a new empty database and returns its name.
func (s *Server) NewDB(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("kehu%d", s.n.Add(1))
	s.Exec(t, s.URL("postgres"), "CREATE DATABASE "+name)
	return name
}

// URL is the socket URL of a database.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://%s@localhost/%s?host=%s&port=%d&sslmode=disable", s.User, db, url.QueryEscape(s.Dir), s.Port)
}

// TCPURL is the URL of a database over 127.0.0.1 with a password.
func (s *Server) TCPURL(db, password string) string {
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", s.User, url.QueryEscape(password), s.Port, db)
}

// connect opens a connection to u whose context ends with the test or in
// a minute.
func connect(t testing.TB, u string) (context.Context, *pgx.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, c
}

// Exec runs SQL statements on a database.
func (s *Server) Exec(t testing.TB, u string, sql ...string) {
	t.Helper()
	ctx, c := connect(t, u)
	defer c.Close(ctx)
	for _, q := range sql {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Count is the one integer a query returns.
func (s *Server) Count(t testing.TB, u, sql string) int64 {
	t.Helper()
	var n int64
	s.scan(t, u, sql, &n)
	return n
}

// Text is the one text a query returns.
func (s *Server) Text(t testing.TB, u, sql string) string {
	t.Helper()
	var v string
	s.scan(t, u, sql, &v)
	return v
}

func (s *Server) scan(t testing.TB, u, sql string, dest any) {
	t.Helper()
	ctx, c := connect(t, u)
	defer c.Close(ctx)
	if err := c.QueryRow(ctx, sql).Scan(dest); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
