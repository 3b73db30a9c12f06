# Kehu CRM build plumbing (GNU make).
GO       ?= go
BIN      ?= kehu
SYS_PKGS := libgl1-mesa-dev xorg-dev
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: deps build run test bench crashtest clean font icon

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

# The commit goes into `kehu version` and the About dialog even where the
# toolchain is told not to stamp VCS data (GOFLAGS=-buildvcs=false).
COMMIT  := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS := -X github.com/kehu-crm/kehu/app.commit=$(COMMIT)

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

run: build
	./$(BIN)

test: deps
	$(GO) vet ./...
	$(GO) test -timeout 20m ./...

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
# find the old archive or the whole batch, and a clean check.
crashtest: deps
	KEHU_CRASH_TRIALS=100 $(GO) test -run '^TestImportKilled$$' -v -timeout 3h ./app/cli/

# Regenerate the bundled assets (outputs are committed; not needed for a build).
font:
	$(GO) run ./tools/ttcsplit -in /usr/share/fonts/truetype/wqy/wqy-microhei.ttc -face 0 -out assets/fonts/wqy-microhei.ttf

icon:
	$(GO) run ./tools/mkicon

clean:
	rm -f $(BIN) $(BIN).exe
	rm -rf dist
