package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/backup"
)

const crashPassword = "崩溃测试 password"

// folderOp is one multi-step command on the data folder that a kill must
// leave in its old state or its new one.
type folderOp struct {
	name string
	// args is the command for the folder of trial n.
	args func(n int) []string
	// state opens dir and names its state, "old" or "new", failing the test
	// on anything else.
	state func(t *testing.T, dir string, n int) string
	// next readies dir for the next trial after state said what it holds
	// (a fresh folder for the demo, the other backup for a restore …); it
	// returns the folder to use.
	next func(t *testing.T, dir, state string) string
}

// TestFolderOpsKilled kills demo, restore, encrypt, decrypt and backup with
// SIGKILL at random moments (KEHU_CRASH_TRIALS each, 2 by default; `make
// crashtest` runs 25). After each kill the folder opens in the old state or
// the new one, check finds nothing, a note of the user's is byte-identical,
// and the open removed every leftover (kehu.new, kehu.old, backups/.*.tmp,
// folders beside it). The seed is printed; KEHU_CRASH_SEED replays one.
func TestFolderOpsKilled(t *testing.T) {
	if args := os.Getenv("KEHU_CRASH_ARGS"); args != "" {
		os.Exit(Main(strings.Split(args, "\x1f"), os.Stdout, os.Stderr, nil))
	}
	if testing.Short() {
		t.Skip("kills folder commands; not in -short")
	}
	trials := 2
	if n, err := strconv.Atoi(os.Getenv("KEHU_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("KEHU_CRASH_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (KEHU_CRASH_SEED=%d replays it)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 2))

	big := demoDir(t) // 307 customers and their sales
	small := filepath.Join(t.TempDir(), "小")
	mustRun(t, small, "demo", "--customers", "40", "--months", "6")
	bigFile, smallFile := filepath.Join(t.TempDir(), "big.kehubak"), filepath.Join(t.TempDir(), "small.kehubak")
	mustRun(t, big, "backup", "--out", bigFile)
	mustRun(t, small, "backup", "--out", smallFile)
	bigN, smallN := count(t, big), count(t, small)
	note := []byte("用户自己的备忘\r\n")
	folder := func(from string) string {
		dir := filepath.Join(t.TempDir(), "数据")
		if from != "" {
			copyTree(t, from, dir)
		} else { // an empty store: a folder of the user's files alone is not Kehu's
			svc, err := app.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			svc.Close()
		}
		if err := os.WriteFile(filepath.Join(dir, "notes.txt"), note, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	countIn := func(t *testing.T, dir string) int {
		pw := ""
		if app.Encrypted(dir) {
			pw = crashPassword
		}
		svc, err := app.OpenWithPassword(dir, pw)
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		n, err := svc.Customers.Count()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var restoreWant int // the customers of the backup the current restore trial writes
	ops := []folderOp{
		{name: "demo",
			args: func(int) []string { return []string{"demo"} },
			state: func(t *testing.T, dir string, _ int) string {
				switch n := countIn(t, dir); n {
				case 0:
					return "old"
				case bigN:
					return "new"
				default:
					t.Fatalf("%d customers after a killed demo, want 0 or %d", n, bigN)
				}
				return ""
			},
			next: func(t *testing.T, dir, state string) string {
				if state == "new" {
					return folder("")
				}
				return dir // a killed demo must run again in the same folder
			}},
		{name: "restore",
			args: func(int) []string {
				file := smallFile
				if restoreWant == bigN {
					file = bigFile
				}
				return []string{"restore", file, "--force"}
			},
			state: func(t *testing.T, dir string, _ int) string {
				switch n := countIn(t, dir); {
				case n == restoreWant:
					return "new"
				case n == bigN+smallN-restoreWant:
					return "old"
				default:
					t.Fatalf("%d customers after a killed restore, want %d or %d", n, bigN, smallN)
				}
				return ""
			},
			next: func(t *testing.T, dir, state string) string {
				if state == "new" {
					restoreWant = bigN + smallN - restoreWant
				}
				return dir
			}},
		{name: "encrypt",
			args: func(int) []string { return []string{"encrypt"} },
			state: func(t *testing.T, dir string, _ int) string {
				if n := countIn(t, dir); n != bigN {
					t.Fatalf("%d customers after a killed encrypt, want %d", n, bigN)
				}
				if app.Encrypted(dir) {
					return "new"
				}
				return "old"
			},
			next: func(t *testing.T, dir, state string) string {
				if state == "new" {
					svc, err := app.OpenWithPassword(dir, crashPassword)
					if err != nil {
						t.Fatal(err)
					}
					defer svc.Close()
					if err := svc.Backup.Decrypt(""); err != nil {
						t.Fatal(err)
					}
				}
				return dir
			}},
		{name: "decrypt",
			args: func(int) []string { return []string{"decrypt"} },
			state: func(t *testing.T, dir string, _ int) string {
				if n := countIn(t, dir); n != bigN {
					t.Fatalf("%d customers after a killed decrypt, want %d", n, bigN)
				}
				if app.Encrypted(dir) {
					return "old"
				}
				return "new"
			},
			next: func(t *testing.T, dir, state string) string {
				if state == "new" {
					svc, err := app.Open(dir)
					if err != nil {
						t.Fatal(err)
					}
					defer svc.Close()
					if err := svc.Backup.Encrypt(crashPassword); err != nil {
						t.Fatal(err)
					}
				}
				return dir
			}},
		{name: "backup",
			args: func(n int) []string {
				return []string{"backup", "--out", filepath.Join("backups", fmt.Sprintf("b%03d.kehubak", n))}
			},
			state: func(t *testing.T, dir string, n int) string {
				file := filepath.Join(dir, "backups", fmt.Sprintf("b%03d.kehubak", n))
				if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
					return "old"
				}
				m, err := backup.Read(file)
				if err != nil || m.Counts.Customers != bigN {
					t.Fatalf("the backup a kill left: %v, %+v", err, m)
				}
				return "new"
			},
			next: func(t *testing.T, dir, state string) string { return dir }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			start := func() string {
				switch op.name {
				case "demo":
					return folder("")
				case "restore":
					restoreWant = smallN
					return folder(big)
				case "decrypt":
					dir := folder(big)
					svc, err := app.Open(dir)
					if err != nil {
						t.Fatal(err)
					}
					defer svc.Close()
					if err := svc.Backup.Encrypt(crashPassword); err != nil {
						t.Fatal(err)
					}
					return dir
				case "backup":
					dir := folder(big)
					os.MkdirAll(filepath.Join(dir, "backups"), 0o700)
					return dir
				}
				return folder(big)
			}
			child := func(dir string, args []string) *exec.Cmd {
				args = append(args, "--data", dir, "--lang", "en")
				cmd := exec.Command(os.Args[0], "-test.run=^TestFolderOpsKilled$")
				cmd.Dir = dir // backup --out backups/… is relative to it
				cmd.Env = append(os.Environ(), "KEHU_CRASH_ARGS="+strings.Join(args, "\x1f"),
					"KEHU_PASSWORD="+crashPassword, "KEHU_NEW_PASSWORD="+crashPassword)
				return cmd
			}
			// Kills land anywhere from the start to past the end of an
			// uninterrupted run, timed now on this machine (the slower of
			// two, ×1.5: on a loaded machine a run under a kill is often
			// slower than the one timed, and the end must be reached too).
			var slowest time.Duration
			for range 2 {
				dir := start()
				began := time.Now()
				if out, err := child(dir, op.args(999)).CombinedOutput(); err != nil {
					t.Fatalf("uninterrupted %s: %v\n%s", op.name, err, out)
				}
				slowest = max(slowest, time.Since(began))
			}
			window := slowest * 3 / 2
			t.Logf("an uninterrupted %s takes up to %v", op.name, slowest.Round(time.Millisecond))
			dir := start()
			outcomes, leftovers := map[string]int{}, 0
			for trial := range trials {
				cmd := child(dir, op.args(trial))
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(r.Int64N(int64(window))))
				cmd.Process.Kill()
				cmd.Wait()
				if left := leftoversIn(dir); len(left) > 0 {
					leftovers++
				}
				st := op.state(t, dir, trial)
				outcomes[st]++
				checkClean(t, dir, trial) // opens the folder: the next start
				if left := leftoversIn(dir); len(left) > 0 {
					t.Fatalf("trial %d (seed %d): left after the next start: %v", trial, seed, left)
				}
				if b, err := os.ReadFile(filepath.Join(dir, "notes.txt")); err != nil || !bytes.Equal(b, note) {
					t.Fatalf("trial %d (seed %d): the user's note changed: %v %q", trial, seed, err, b)
				}
				dir = op.next(t, dir, st)
			}
			t.Logf("%s: %d kills: %d old, %d new; %d left files a start then removed", op.name, trials, outcomes["old"], outcomes["new"], leftovers)
		})
	}
}

// leftoversIn lists what an interrupted command leaves for the next start.
func leftoversIn(dir string) []string {
	var left []string
	for _, p := range []string{filepath.Join(dir, "kehu.new"), filepath.Join(dir, "kehu.old")} {
		if _, err := os.Stat(p); err == nil {
			left = append(left, p)
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "backups", ".*.tmp"))
	beside, _ := filepath.Glob(dir + ".*")
	return append(append(left, tmps...), beside...)
}

func checkClean(t *testing.T, dir string, trial int) {
	t.Helper()
	pw := ""
	if app.Encrypted(dir) {
		pw = crashPassword
	}
	svc, err := app.OpenWithPassword(dir, pw)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if problems, err := svc.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("trial %d: check: %v %v", trial, err, problems)
	}
}

// copyTree copies the closed folder from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
