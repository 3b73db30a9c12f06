// Command winsmoke runs kehu.exe under Wine and the Linux build of the same
// commit through the same steps, and fails when any step's result differs:
// its exit code, its output, the files it wrote (folder paths and record ids
// masked). `make winsmoke` (part of `make test`) runs it:
//
//	winsmoke -linux ./kehu -exe ./kehu.exe -dll tools/wine/bcryptprimitives.dll [-shots docs/screenshots]
//
// The steps: version; demo into C:\Users\用户\我的 文档\客户数据; import of a
// GBK CSV named 经销商名单.csv; customer list as CSV; export to xlsx and csv;
// the meeting PDF (pdftotext must find 销售会议报告); the window under Xvfb;
// a second instance while the window holds the folder (the lock message);
// a read-only folder; a missing drive. Each of the last three must also say
// its own message, so a classifier that is wrong on both sides fails too.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// side is one build with the paths as it spells them.
type side struct {
	name     string
	run      func(args ...string) *exec.Cmd
	home     string // 我的 文档, as the program sees it
	homeUnix string // the same on this machine
	sep      string
	missing  string // a data folder on a drive that is not there
	roData   string // a read-only data folder, as the program sees it
	roUnix   string
}

func (s *side) data() string { return s.home + s.sep + "客户数据" }

// result is what a step left: exit code, output, and the files compared.
type result struct {
	code           int
	stdout, stderr string
	files          map[string]string
}

// step is one thing done on both sides.
type step struct {
	name string
	args func(s *side) []string
	// files lists what the step writes, by name under home, read back by
	// read (nil: the bytes as they are).
	files []string
	read  func(path string) (string, error)
	// want is said by both sides (stdout+stderr), when set: the right
	// message, not just the same one.
	want     string
	wantCode int
	bom      bool // CSV on stdout: Windows starts it with a BOM
}

var (
	linuxBin = flag.String("linux", "./kehu", "the Linux build")
	exe      = flag.String("exe", "./kehu.exe", "the Windows build")
	dll      = flag.String("dll", "", "bcryptprimitives.dll for Wine's system32 (Wine 8 lacks ProcessPrng)")
	shots    = flag.String("shots", "", "folder to write windows-window-zh.png and windows-lock-zh.png to (needs ImageMagick's import)")
	keep     = flag.Bool("keep", false, "keep the work folder")
)

func main() {
	flag.Parse()
	start := time.Now()
	if err := smoke(); err != nil {
		fmt.Fprintln(os.Stderr, "winsmoke: FAIL:", err)
		os.Exit(1)
	}
	fmt.Printf("winsmoke: ok (%.0f s)\n", time.Since(start).Seconds())
}

func smoke() error {
	for _, tool := range []string{"wine", "wineboot", "wineserver", "Xvfb", "xdotool", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is not installed (make deps-wine installs it)", tool)
		}
	}
	root, err := os.MkdirTemp("", "kehu-winsmoke-")
	if err != nil {
		return err
	}
	if !*keep {
		defer os.RemoveAll(root)
	}
	x, err := startX()
	if err != nil {
		return err
	}
	defer x.stop()
	env := append(os.Environ(),
		"DISPLAY="+x.display,
		"WINEPREFIX="+filepath.Join(root, "wine"),
		"WINEDEBUG=-all",
		// No Mono or Gecko install prompt; the native bcryptprimitives.
		"WINEDLLOVERRIDES=mscoree,mshtml=;bcryptprimitives=n",
		"LC_ALL=C.UTF-8",
		"KEHU_NOW=2026-06-15T09:00:00Z", // read by -tags testaids builds only (make winsmoke)
		"KEHU_DATA=",
		"KEHU_LANG=zh",
	)
	t := time.Now()
	if out, err := command(env, "wineboot", "-i").CombinedOutput(); err != nil {
		return fmt.Errorf("wineboot: %v: %s", err, out)
	}
	defer command(env, "wineserver", "-k").Run()
	sys32 := filepath.Join(root, "wine", "drive_c", "windows", "system32")
	if *dll != "" {
		b, err := os.ReadFile(*dll)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(sys32, "bcryptprimitives.dll"), b, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("winsmoke: Wine prefix ready in %.0f s\n", time.Since(t).Seconds())

	exePath, _ := filepath.Abs(*exe)
	linPath, _ := filepath.Abs(*linuxBin)
	win := &side{name: "windows", sep: `\`,
		home:     `C:\Users\用户\我的 文档`,
		homeUnix: filepath.Join(root, "wine", "drive_c", "users", "用户", "我的 文档"),
		missing:  `Q:\客户数据`,
		roData:   `C:\只读\客户数据`,
		roUnix:   filepath.Join(root, "wine", "drive_c", "只读"),
		run:      func(a ...string) *exec.Cmd { return command(env, "wine", append([]string{exePath}, a...)...) },
	}
	lin := &side{name: "linux", sep: "/",
		homeUnix: filepath.Join(root, "linux", "用户", "我的 文档"),
		missing:  "/proc/kehu-missing/客户数据", // procfs answers mkdir with ENOENT, as a missing drive
		roUnix:   filepath.Join(root, "linux", "只读"),
		run:      func(a ...string) *exec.Cmd { return command(env, linPath, a...) },
	}
	lin.home = lin.homeUnix
	lin.roData = filepath.Join(lin.roUnix, "客户数据")
	for _, s := range []*side{win, lin} {
		if err := os.MkdirAll(s.homeUnix, 0o755); err != nil {
			return err
		}
		if err := writeGBK(filepath.Join(s.homeUnix, "经销商名单.csv")); err != nil {
			return err
		}
	}

	d := func(s *side, a ...string) []string { return append([]string{"--data", s.data(), "--lang", "zh"}, a...) }
	at := func(s *side, name string) string { return s.home + s.sep + name }
	steps := []step{
		{name: "version", args: func(s *side) []string { return []string{"version"} }},
		{name: "demo", args: func(s *side) []string { return d(s, "demo", "--customers", "80", "--months", "12", "--seed", "7") }},
		{name: "import GBK CSV", args: func(s *side) []string {
			return d(s, "import", "customers", at(s, "经销商名单.csv"), "--format", "json")
		}, want: `"new":3`},
		{name: "customer list csv", args: func(s *side) []string { return d(s, "customer", "list", "--format", "csv") }, want: "华东眼镜", bom: true},
		{name: "export xlsx", args: func(s *side) []string { return d(s, "export", "customers", "--out", at(s, "客户.xlsx")) },
			files: []string{"客户.xlsx"}, read: xlsxSheets},
		{name: "export csv", args: func(s *side) []string { return d(s, "export", "customers", "--out", at(s, "客户.csv")) },
			files: []string{"客户.csv"}},
		{name: "meeting pdf", args: func(s *side) []string { return d(s, "report", "meeting", "--out", at(s, "会议.pdf")) },
			files: []string{"会议.pdf"}, read: pdfText},
	}
	failed := 0
	for _, st := range steps {
		if !compare(st, win, lin) {
			failed++
		}
	}
	// The folder held by a window: the window must appear, and a second
	// Kehu must say the folder is open elsewhere.
	if err := lockStep(x, win, lin, d); err != nil {
		fmt.Println("FAIL  window and lock:", err)
		failed++
	}
	ro := step{name: "read-only folder", args: func(s *side) []string {
		return []string{"--data", s.roData, "--lang", "zh", "customer", "list"}
	}, want: "无法写入数据文件夹", wantCode: 1}
	if err := readOnly(win, lin); err != nil {
		fmt.Println("FAIL  read-only folder:", err)
		failed++
	} else {
		if !compare(ro, win, lin) {
			failed++
		}
		for _, s := range []*side{win, lin} {
			exec.Command("umount", s.roUnix).Run()
		}
	}
	missing := step{name: "missing drive", args: func(s *side) []string {
		return []string{"--data", s.missing, "--lang", "zh", "customer", "list"}
	}, want: "找不到数据文件夹", wantCode: 1}
	if !compare(missing, win, lin) {
		failed++
	}
	if failed > 0 {
		return fmt.Errorf("%d steps differ between kehu.exe under Wine and the Linux build", failed)
	}
	return nil
}

// command is name with args in env.
func command(env []string, name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Env = env
	return c
}

// do runs one step on one side.
func do(st step, s *side) (result, error) {
	c := s.run(st.args(s)...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	r := result{stdout: out.String(), stderr: errb.String(), files: map[string]string{}}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		return r, err
	}
	for _, f := range st.files {
		p := filepath.Join(s.homeUnix, f)
		var text string
		var err error
		if st.read != nil {
			text, err = st.read(p)
		} else {
			var b []byte
			b, err = os.ReadFile(p)
			text = string(b)
		}
		if err != nil {
			return r, fmt.Errorf("%s: %w", f, err)
		}
		r.files[f] = text
	}
	return r, nil
}

// compare runs st on both sides and reports whether they agree (and say
// st.want).
func compare(st step, win, lin *side) bool {
	t := time.Now()
	var rs [2]result
	for i, s := range []*side{win, lin} {
		r, err := do(st, s)
		if err != nil {
			fmt.Printf("FAIL  %s: %s: %v\n", st.name, s.name, err)
			return false
		}
		rs[i] = mask(r, s)
	}
	ok := true
	diff := func(what, a, b string) {
		if a != b {
			ok = false
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			from := max(0, i-80)
			fmt.Printf("FAIL  %s: %s differs at byte %d\n  windows: %q\n  linux:   %q\n", st.name, what, i, clip(a[from:]), clip(b[from:]))
		}
	}
	if st.bom { // CSV to a redirected stdout: a BOM on Windows only (Excel, cmd)
		if !strings.HasPrefix(rs[0].stdout, "\ufeff") {
			ok = false
			fmt.Printf("FAIL  %s: windows CSV to a redirected stdout has no BOM\n", st.name)
		}
		rs[0].stdout = strings.TrimPrefix(rs[0].stdout, "\ufeff")
	}
	diff("exit code", fmt.Sprint(rs[0].code), fmt.Sprint(rs[1].code))
	diff("stdout", rs[0].stdout, rs[1].stdout)
	diff("stderr", rs[0].stderr, rs[1].stderr)
	for _, f := range st.files {
		diff(f, rs[0].files[f], rs[1].files[f])
	}
	for i, r := range rs {
		if st.want != "" && !strings.Contains(r.stdout+r.stderr+strings.Join(values(r.files), ""), st.want) {
			ok = false
			fmt.Printf("FAIL  %s: %s does not say %q: %q\n", st.name, []string{"windows", "linux"}[i], st.want, clip(r.stdout+r.stderr))
		}
		if r.code != st.wantCode {
			ok = false
			fmt.Printf("FAIL  %s: %s exit code %d, want %d: %q\n", st.name, []string{"windows", "linux"}[i], r.code, st.wantCode, clip(r.stderr))
		}
	}
	if ok {
		fmt.Printf("ok    %s (%.1f s)\n", st.name, time.Since(t).Seconds())
	}
	return ok
}

func values(m map[string]string) []string {
	var v []string
	for _, s := range m {
		v = append(v, s)
	}
	return v
}

func clip(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

// ulid matches record and batch ids (ULIDs), which differ between runs.
var ulid = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{26}\b`)

// xlsxTime matches a date-time cell of an xlsx (an Excel serial with a
// time of day): when a record was made, by the clock, seconds apart.
var xlsxTime = regexp.MustCompile(`<v>\d{5}\.\d{6,}</v>`)

// printed matches the time a report was printed at (the meeting PDF's
// 打印日期), by the clock: the two sides may print a minute apart.
var printed = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)

// mask replaces what must differ between the sides: the folders as each
// spells them, ids, and Windows' line ends in text a program wrote.
func mask(r result, s *side) result {
	m := func(t string) string {
		for _, p := range []struct{ from, to string }{
			{s.roData, "<RO>"}, {s.missing, "<MISSING>"}, {s.data(), "<DATA>"}, {s.home, "<HOME>"},
		} {
			t = strings.ReplaceAll(t, p.from, p.to)
		}
		t = strings.NewReplacer("<DATA>\\", "<DATA>/", "<HOME>\\", "<HOME>/", "<RO>\\", "<RO>/").Replace(t)
		t = xlsxTime.ReplaceAllString(t, "<v><TIME></v>")
		t = printed.ReplaceAllString(t, "<PRINTED>")
		return ulid.ReplaceAllString(t, "<ID>")
	}
	r.stdout, r.stderr = m(r.stdout), m(r.stderr)
	for k, v := range r.files {
		r.files[k] = m(v)
	}
	return r
}

// writeGBK writes a customer list as a Chinese Excel saves CSV: GBK.
func writeGBK(path string) error {
	text := "客户名称,联系人,电话,省份,城市,地址\r\n" +
		"华东眼镜批发（杭州）有限公司,王伟,0571-88886666,浙江,杭州,\"西湖区文三路 88 号, 3 楼\"\r\n" +
		"深圳市明目光学,李娜,13800138000,广东,深圳,南山区科技园\r\n" +
		"成都锦江视光,张强,028-66668888,四川,成都,锦江区春熙路 1 号\r\n"
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// pdfText is the text pdftotext finds in a PDF, which must hold the
// report's title.
func pdfText(path string) (string, error) {
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		return "", fmt.Errorf("pdftotext: %w", err)
	}
	if !strings.Contains(string(out), "销售会议报告") {
		return "", fmt.Errorf("pdftotext does not find 销售会议报告 in %s", path)
	}
	return string(out), nil
}
