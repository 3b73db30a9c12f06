# Kehu CRM build plumbing (GNU make).
GO       ?= go
BIN      ?= kehu
TAGS     ?=
SYS_PKGS := libgl1-mesa-dev xorg-dev
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: deps deps-pg build run test fuzz bench crashtest cliparity clean font icon deps-windows winres windows deps-wine winsmoke fyne-tool package mac

# Fyne needs the OpenGL and X11 development headers to compile (cgo).
deps:
	@if command -v dpkg >/dev/null 2>&1 && dpkg -s $(SYS_PKGS) >/dev/null 2>&1; then \
		echo "deps: $(SYS_PKGS) present"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "deps: installing $(SYS_PKGS)"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $(SYS_PKGS); \
	else \
		echo "deps: not a Debian system; install a C compiler plus OpenGL and X11 dev headers (see https://docs.fyne.io/started/)"; \
	fi

# The sync tests start a throwaway PostgreSQL server (app/pgtest) and skip
# without one; a failed install is not fatal, except under CI=true, where
# the tests need it.
deps-pg:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "deps-pg: PostgreSQL present"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "deps-pg: installing postgresql"; \
		{ $(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } || \
		{ echo "deps-pg: could not install postgresql: its sync tests will skip"; [ "$$CI" != true ]; }; \
	else \
		echo "deps-pg: no PostgreSQL: its sync tests skip (install it, or set KEHU_PG_BIN to its bin folder)"; \
	fi

# The commit goes into `kehu version` and the About dialog even where the
# toolchain is told not to stamp VCS data (GOFLAGS=-buildvcs=false).
COMMIT  := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS := -X github.com/kehu-crm/kehu/app.commit=$(COMMIT)
# FyneApp.toml is the one place the version and build number are written.
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNO := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
LDFLAGS += -X github.com/kehu-crm/kehu/app.Version=$(VERSION)

build: deps
	$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o $(BIN) .

run: build
	./$(BIN)

test: deps deps-pg
	$(GO) vet ./...
	$(GO) vet -tags testaids ./...   # the test-aid files build only with the tag
	$(GO) test -timeout 20m ./...
	$(MAKE) fuzz FUZZTIME=500x
	$(MAKE) windows
	$(MAKE) winsmoke

# Fuzz targets of hostile input, PACKAGE:Target each; their seed corpora
# (testdata/fuzz) run in every `go test`. `make test` fuzzes each for 500 runs;
# `make fuzz FUZZTIME=10m` for longer. Add yours to the list.
FUZZTIME ?= 1m
FUZZ_TARGETS := \
	./app/sync:FuzzSyncFile \
	./app/sync:FuzzServerRow \
	./data:FuzzBackupRead \
	./app/importer:FuzzReadXLSX \
	./data/model:FuzzParseDate \
	./data/model:FuzzParsePeriod
# make test gives a count (500x), not a duration: a duration's deadline races
# the fuzz coordinator (go.dev/issue/75804, fixed in Go 1.27) and fails a
# run now and then with "context deadline exceeded" and no crasher.
# -fuzzminimizetime: a target that opens a store (FuzzBackupRead) would
# otherwise spend its minute minimizing each new input.
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 20x $${t%%:*} || exit 1; \
	done

# Benchmarks on a folder of 100,000 generated customers, built once (≈10-20 s,
# outside every timing) into BENCH_DIR and removed afterwards; memory figures
# come from fresh processes (tools/benchrss). A few minutes on 2 cores.
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/kehu-bench-100k
bench: deps
	@command -v sqlite3 >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y sqlite3; } || echo "bench: no sqlite3; the import comparison is skipped"
	$(GO) test -run '^$$' -bench . -benchmem ./data/
	$(GO) test -run '^$$' -bench 'Import100k' -benchtime=2x -timeout 30m ./app/
	$(GO) test -run '^$$' -bench 'Read100k' -benchmem ./app/importer/
	$(GO) test -run '^$$' -bench 'SalesImport1M' -benchtime=1x -timeout 60m ./app/
	$(GO) test -run '^$$' -bench 'SalesCurve1M' -benchtime=1x -timeout 30m ./app/
	rm -rf $(BENCH_DIR)
	KEHU_BENCH_DIR=$(BENCH_DIR) $(GO) test -run '^$$' -bench 'Keystroke|^BenchmarkFirstPage' -benchmem -timeout 30m ./app/
	KEHU_BENCH_DIR=$(BENCH_DIR) $(GO) test -run '^$$' -bench 'Open|LoadList|Cold|Add' -benchmem -benchtime=3x -timeout 30m ./app/
	GO=$(GO) tools/benchrss $(BENCH_DIR)
	rm -rf $(BENCH_DIR)
	$(GO) test -run '^$$' -bench . -benchtime=3x -timeout 60m ./app/analysis/

# Kill a 200,000-row import 100 times at random moments; every reopen must
# find the old archive or the whole batch, and a clean check. Then kill a
# mixed workload (notes up to 10 MB, sales, complaints, small imports) 100
# times: every acknowledged write must be there exactly. Then kill demo,
# restore, encrypt, decrypt and backup 25 times each: the old state or the
# new, a clean check, no leftovers after the next start.
crashtest: deps
	KEHU_CRASH_TRIALS=100 $(GO) test -run '^TestImportKilled$$' -v -timeout 3h ./app/cli/
	KEHU_CRASH_TRIALS=100 $(GO) test -run '^TestMixedWritesKilled$$' -v -timeout 3h ./app/cli/
	KEHU_CRASH_TRIALS=50 $(GO) test -run '^TestSalesImportKilled$$' -v -timeout 3h ./app/cli/
	KEHU_CRASH_TRIALS=25 $(GO) test -run '^TestFolderOpsKilled$$' -v -timeout 3h ./app/cli/

# Are the command line's outputs on the demo folder byte-identical between
# two revisions (issue 22)? tools/cliparity runs the golden test
# (app/cli/golden_test.go) on each in a temporary worktree and compares.
# Not part of `make test` (which runs the golden test against
# app/cli/testdata/golden). ≈2 min on 2 cores.
CLIPARITY_BASE ?= a05e3e7
CLIPARITY_HEAD ?= HEAD
cliparity:
	GO=$(GO) tools/cliparity $(CLIPARITY_BASE) $(CLIPARITY_HEAD)

# Regenerate the bundled assets (outputs are committed; not needed for a build).
font:
	$(GO) run ./tools/ttcsplit -in /usr/share/fonts/truetype/wqy/wqy-microhei.ttc -face 0 -out assets/fonts/wqy-microhei.ttf

icon:
	$(GO) run ./tools/mkicon

clean:
	rm -f $(BIN) $(BIN).exe kehu-testaids kehu-testaids.exe rsrc_windows_*.syso $(WINE_DLL)
	rm -rf dist

# Windows: kehu.exe cross-built with mingw-w64 (cgo), with the icon, version
# information and a DPI-aware, long-path-aware manifest embedded from a .syso that go-winres
# (pinned) writes at build time. Cold, on 2 cores: ≈12 min; warm: ≈1 min.
WINCC    ?= x86_64-w64-mingw32-gcc
WINRES   := github.com/tc-hib/go-winres@v0.3.3
deps-windows:
	@if command -v $(WINCC) >/dev/null 2>&1; then \
		echo "deps-windows: $(WINCC) present"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "deps-windows: installing gcc-mingw-w64-x86-64"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y gcc-mingw-w64-x86-64; \
	else \
		echo "deps-windows: install a MinGW-w64 gcc and set WINCC (e.g. make windows WINCC=gcc on MSYS2)"; exit 1; \
	fi

# winres/winres.json: the icon, version information and a manifest that is
# per-monitor DPI aware and longPathAware (paths past 260 characters, e.g. a
# deep OneDrive folder, once Windows allows them).
winres:
	$(GO) run $(WINRES) make --in winres/winres.json --arch amd64 --out rsrc \
		--product-version $(VERSION) --file-version $(VERSION).$(BUILDNO)

windows: deps-windows winres
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WINCC) \
		$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS) -s -w" -o $(BIN).exe .

# kehu.exe run under Wine (tools/winsmoke): the same steps as the Linux
# build, which must give the same results, and the window under Xvfb.
# Debian 12's Wine 8 lacks bcryptprimitives!ProcessPrng, which the Go
# runtime needs at start, so a small DLL (tools/wine) supplies it. Under
# CI=true a Wine that cannot be installed fails the build; elsewhere the
# step is skipped with a note. The read-only step mounts a tmpfs (root).
WINE_PKGS := wine wine64 xvfb xdotool poppler-utils
WINE_DLL  := bcryptprimitives-wine.dll
deps-wine:
	@if command -v wine >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1 && command -v xdotool >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then \
		echo "deps-wine: wine, Xvfb, xdotool, pdftotext present"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "deps-wine: installing $(WINE_PKGS)"; \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=600 update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $(WINE_PKGS); \
	else \
		echo "deps-wine: install Wine 8+, Xvfb, xdotool and pdftotext to run kehu.exe's smoke test"; \
	fi

$(WINE_DLL): tools/wine/bcryptprimitives.c tools/wine/bcryptprimitives.def
	$(WINCC) -O2 -shared -s -o $@ $^ -ladvapi32

# The smoke test fixes the clock with KEHU_NOW, a test aid only builds with
# -tags testaids read, so it builds its own kehu-testaids(.exe): the
# shipped kehu and kehu.exe stay without it.
winsmoke: BIN = kehu-testaids
winsmoke: TAGS = testaids
winsmoke: deps-wine build windows
	@if ! command -v wine >/dev/null 2>&1; then \
		if [ "$(CI)" = true ]; then echo "winsmoke: Wine is missing: under CI=true that is a failure"; exit 1; fi; \
		echo "winsmoke: skipped: no Wine (make deps-wine)"; exit 0; \
	fi; \
	$(MAKE) $(WINE_DLL) && $(GO) run ./tools/winsmoke -linux ./$(BIN) -exe ./$(BIN).exe -dll $(WINE_DLL) $(WINSMOKE_FLAGS)

# Linux: dist/kehu-VERSION-linux-amd64.tar.xz from `fyne package` (pinned;
# v1.7.4 is the first whose tarball Makefile installs the icon), holding
# usr/local/bin/kehu, the .desktop file and the icon, plus a Makefile for
# `sudo make install`. FyneApp.toml is put back afterwards because fyne
# package rewrites it (Build+1).
FYNE_VER  := v1.7.4
FYNE      := $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)/fyne
fyne-tool:
	@$(FYNE) version 2>/dev/null | grep -q 'cli version: $(FYNE_VER)' || $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VER)
# $(call fyne-package,OS,EXECUTABLE)
fyne-package = mkdir -p dist && cp FyneApp.toml dist/FyneApp.toml.orig && \
	{ $(FYNE) package -os $(1) --executable $(2); s=$$?; mv dist/FyneApp.toml.orig FyneApp.toml; exit $$s; }

package: build fyne-tool
	$(call fyne-package,linux,$(BIN))
	mv Kehu.tar.xz dist/$(BIN)-$(VERSION)-linux-amd64.tar.xz
	tar tJf dist/$(BIN)-$(VERSION)-linux-amd64.tar.xz

# macOS, on a Mac with Go and the Xcode command-line tools: dist/Kehu.app
# with one universal binary (arm64 and amd64 joined by lipo), ad-hoc signed,
# and zipped with ditto. Not run here: building for macOS needs Apple's SDK.
mac: fyne-tool
	mkdir -p dist
	CGO_ENABLED=1 GOOS=darwin GOARCH=arm64 $(GO) build -ldflags "$(LDFLAGS)" -o dist/$(BIN)-arm64 .
	CGO_ENABLED=1 GOOS=darwin GOARCH=amd64 $(GO) build -ldflags "$(LDFLAGS)" -o dist/$(BIN)-amd64 .
	lipo -create -output dist/$(BIN) dist/$(BIN)-arm64 dist/$(BIN)-amd64
	lipo -info dist/$(BIN)
	rm -rf Kehu.app dist/Kehu.app
	$(call fyne-package,darwin,dist/$(BIN))
	mv Kehu.app dist/
	plutil -replace LSApplicationCategoryType -string public.app-category.business dist/Kehu.app/Contents/Info.plist
	plutil -replace LSMinimumSystemVersion -string 12.0 dist/Kehu.app/Contents/Info.plist # Go 1.25+ needs macOS 12
	codesign --force --deep --sign - dist/Kehu.app
	cd dist && ditto -c -k --keepParent Kehu.app $(BIN)-$(VERSION)-macos-universal.zip
