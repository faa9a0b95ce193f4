# ossresume — the front door. `make` builds, `make demo` runs the main job against a local
# server, `make test` runs every test, `make bench` measures against the official SDKs.

GO      ?= go
BUILD   := build
BIN     := $(BUILD)/bin
GOTESTFLAGS ?= -race -count=1
FUZZTIME ?= 5s

.PHONY: all ossemu demo test test-go test-compat fuzz vet bench clean help lib cli examples test-c test-arm64 \
	test-python test-node test-native test-reliability soak test-alioss dist dist-python dist-node

all: ossemu lib cli

help:
	@echo "make          build build/bin/ossemu, build/libossresume.so and build/bin/oss-upload"
	@echo "make lib      build/libossresume.so (SONAME libossresume.so.0), the C SDK-compatible library"
	@echo "make cli      build/bin/oss-upload and oss-download, the command-line tools (examples/c)"
	@echo "make examples the documentation sample and the C++ example, in build/examples/"
	@echo "make test-c   the C tests through CMake and ctest (ASan and valgrind runs included)"
	@echo "make test-native  the native API's C tests (tests/c/native), plain and with ASan"
	@echo "make test-python  the Python package's tests (unittest, against ossemu)"
	@echo "make dist     both packages users install, library bundled, in build/dist/"
	@echo "make dist-python  the Python wheel, library bundled: build/dist/ossresume-*.whl"
	@echo "make test-node    the Node package's tests (node --test, against ossemu)"
	@echo "make dist-node    the npm tarball, library bundled: build/dist/ossresume-*.tgz"
	@echo "make test-alioss  ali-oss (the official Node SDK), V1 and V4, as a referee for ossemu"
	@echo "make demo     start ossemu, upload a file, interrupt, resume, verify, stop"
	@echo "make test     every test (Go, compat with the official SDKs, brief fuzzing)"
	@echo "make bench    benchmarks against the official SDKs (tests/compat/results/)"
	@echo "make test-reliability  the reliability campaigns, quick forms (tests/RELIABILITY.md)"
	@echo "make soak     the reliability campaigns' long forms and longer fuzzing"

ossemu: $(BIN)/ossemu

$(BIN)/ossemu: FORCE
	@mkdir -p $(BIN)
	$(GO) build -o $@ ./tests/ossemu/cmd/ossemu

# The shared library, built by scripts/build-lib.sh: the one recipe (soname, version script,
# --no-undefined, -Bno-symbolic) that CMake and the test scripts call too, with --asan or --race
# for their variants.
SOVERSION := 0
CFLAGS_EX := -Wall -Wextra -Werror -Iinclude
RPATH_BIN := -Wl,-rpath,'$$ORIGIN/..'

lib: $(BUILD)/libossresume.so

$(BUILD)/libossresume.so: FORCE
	GO=$(GO) bash scripts/build-lib.sh $(BUILD)

cli: $(BIN)/oss-upload $(BIN)/oss-download

# oss-upload's sibling (issue 21): a C program over oss_resumable_download_file, as its user
# would write it.
$(BIN)/oss-download: examples/c/oss-download.c $(BUILD)/libossresume.so
	@mkdir -p $(BIN)
	$(CC) -std=c99 $(CFLAGS_EX) -o $@ $< -L$(BUILD) -lossresume $(RPATH_BIN)

$(BIN)/oss-upload: examples/c/oss-upload.c $(BUILD)/libossresume.so
	@mkdir -p $(BIN)
	$(CC) -std=c99 $(CFLAGS_EX) -o $@ $< -L$(BUILD) -lossresume $(RPATH_BIN)

examples: cli
	@mkdir -p $(BUILD)/examples
	$(CC) -std=c99 $(CFLAGS_EX) -pedantic -Wno-unused-parameter -o $(BUILD)/examples/resumable_upload_sample \
		examples/c/resumable_upload_sample.c -L$(BUILD) -lossresume $(RPATH_BIN)
	$(CXX) -std=c++11 $(CFLAGS_EX) -pedantic -o $(BUILD)/examples/resumable_upload_cpp \
		examples/cpp/resumable_upload.cpp -L$(BUILD) -lossresume $(RPATH_BIN)

# The C tests: CMake builds the library, the tests and ossemu in build/cmake; ctest runs them,
# including the AddressSanitizer and valgrind runs.
test-c:
	cmake -S . -B $(BUILD)/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD)/cmake -j 2
	ctest --test-dir $(BUILD)/cmake --output-on-failure -j 2

demo: ossemu cli
	bash scripts/demo.sh

# The Go example uploader (examples/go/upload): the same job for a Go program.
$(BIN)/oss-upload-go: FORCE
	@mkdir -p $(BIN)
	$(GO) build -o $@ ./examples/go/upload

# The bindings' tests load the library just built and start ossemu themselves.
PYTHON ?= python3
BINDING_ENV := OSSRESUME_LIBRARY=$(CURDIR)/$(BUILD)/libossresume.so OSSEMU=$(CURDIR)/$(BIN)/ossemu

test-python: lib ossemu
	$(BINDING_ENV) $(PYTHON) -m unittest discover -s bindings/python/tests

dist: dist-python dist-node

# The Python wheel (standard library only, offline): the package and the library, tagged
# manylinux_X_Y for the newest glibc symbol version the library needs (see build_wheel.py).
dist-python: lib
	$(PYTHON) bindings/python/build_wheel.py --lib $(BUILD)/libossresume.so.$(SOVERSION) --out $(BUILD)/dist

# The npm tarball for this platform, the library inside it next to index.js (where the package
# looks first), so `npm install ./ossresume-<version>.tgz` needs no environment variable.
dist-node: lib
	@test -d bindings/node/node_modules/koffi || (cd bindings/node && npm ci --no-audit --no-fund)
	node bindings/node/pack.js --lib $(BUILD)/libossresume.so.$(SOVERSION) --out $(BUILD)/dist

# koffi comes from the npm registry (.ci/run runs npm ci); fetched here only when missing.
test-node: lib ossemu
	@test -d bindings/node/node_modules/ali-oss -a -d bindings/node/node_modules/typescript || (cd bindings/node && npm ci --no-audit --no-fund)
	cd bindings/node && $(BINDING_ENV) node --test test/

# ali-oss, the official OSS SDK for Node and browsers, run against ossemu exactly as a user
# configures it, from Node and from a page in headless Chromium (/usr/bin/chromium, driven by
# playwright-core); tests/alioss, pinned in its package-lock.json, installed by .ci/run's npm ci.
test-alioss: ossemu
	@test -d tests/alioss/node_modules/playwright-core || (cd tests/alioss && npm ci --no-audit --no-fund)
	cd tests/alioss && OSSEMU=$(CURDIR)/$(BIN)/ossemu node --test

# issue 19: browser. `make browser` writes the browser package into $(BUILD)/browser:
# ossresume.js (the page script: the facade shared with bindings/node + the Worker adapter,
# wrapped by bindings/browser/build.js), worker.js, Go's wasm_exec.js and ossresume.wasm (the
# engine, GOOS=js; line from bindings/browser/ENGINE.md), plus ossresume.wasm.gz for servers
# that send precompressed files (Content-Encoding: gzip, Content-Type: application/wasm).
# test-browser runs tests/browser (playwright-core, pinned in its lock file) in headless Chromium
# (/usr/bin/chromium) against ossemu.
.PHONY: browser test-browser
BROWSER_OUT := $(BUILD)/browser

browser:
	@mkdir -p $(BROWSER_OUT)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(BROWSER_OUT)/ossresume.wasm ./bindings/browser/wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" bindings/browser/worker.js $(BROWSER_OUT)/
	node bindings/browser/build.js --out $(BROWSER_OUT)/ossresume.js
	gzip -9 -k -f $(BROWSER_OUT)/ossresume.wasm

test-browser: browser ossemu
	@test -d tests/browser/node_modules/playwright-core || (cd tests/browser && npm ci --no-audit --no-fund)
	cd tests/browser && OSSEMU=$(CURDIR)/$(BIN)/ossemu BROWSER_DIR=$(CURDIR)/$(BROWSER_OUT) node --test

# issue 19 (engine): the browser engine's seams as GOOS=js tests under Node (Go's
# lib/wasm/go_js_wasm_exec): fetch transport, File source, typed errors and the Worker RPC,
# against an ossemu --fixture --cors the script starts and stops (IndexedDB and Web Locks are
# Chromium's: test-browser).
.PHONY: test-wasm
test-wasm: ossemu
	GO=$(GO) sh bindings/browser/wasm/test_node.sh $(CURDIR)/$(BIN)/ossemu -count=1

# The native API's C tests (include/ossresume.h), plain and under AddressSanitizer; the script
# starts and stops its own ossemu.
test-native: lib ossemu
	bash tests/c/native/run.sh

test: vet test-go test-compat fuzz test-arm64 test-c test-native test-python test-node test-alioss test-reliability test-browser test-wasm
	@echo "make test: all suites passed"

vet:
	$(GO) vet ./...
	cd tests/compat && $(GO) vet ./...

# The kernel tests report each CPU-specific kernel they ran (internal/kernelswitch); the script
# prints them and fails when this CPU has one that no test ran.
KERNEL_REPORT := $(CURDIR)/$(BUILD)/kernels-tested.txt

test-go:
	@mkdir -p $(BUILD) && rm -f $(KERNEL_REPORT)
	KERNELSWITCH_REPORT=$(KERNEL_REPORT) $(GO) test $(GOTESTFLAGS) ./...
	bash scripts/check-kernels.sh $(KERNEL_REPORT)

# TestBenchQuick runs every bench client once, the Node, Python and C ones included: they load
# the library and the CLI built here, and ali-oss from bindings/node's pinned devDependencies.
BENCH_ENV := $(BINDING_ENV) OSSRESUME_CLI=$(CURDIR)/$(BIN)/oss-upload

test-compat: lib cli browser
	@test -d bindings/node/node_modules/ali-oss -a -d bindings/node/node_modules/koffi || (cd bindings/node && npm ci --no-audit --no-fund)
	@test -d tests/browser/node_modules/playwright-core || (cd tests/browser && npm ci --no-audit --no-fund)
	cd tests/compat && $(BENCH_ENV) BROWSER_DIR=$(CURDIR)/$(BROWSER_OUT) $(GO) test $(GOTESTFLAGS) ./...

# The reliability campaigns (tests/reliability, build tag "reliability") drive the binaries as
# processes; RELIABILITY_SEED=N replays a run, RELIABILITY_FLAGS=-v prints every figure.
# -parallel lets the fault matrix's columns, which mostly wait on timeouts, overlap.
# `make soak` runs the long forms (hundreds of kills). See tests/RELIABILITY.md.
RELIABILITY := RELIABILITY_BUILD=$(BUILD) $(GO) test -tags reliability -count=1 -parallel 4 $(RELIABILITY_FLAGS) ./tests/reliability/

test-reliability: lib cli ossemu
	$(GO) vet -tags reliability ./tests/reliability/
	$(RELIABILITY) -race -timeout 10m

soak: lib cli ossemu
	@mkdir -p $(BUILD)
	RELIABILITY_SOAK=1 $(RELIABILITY) -timeout 3h -v >$(BUILD)/soak.log 2>&1; rc=$$?; \
		grep -E '^(--- |ok|FAIL)|_test.go:[0-9]+: (kill -9|fault matrix|server restart|local file|checkpoint|bad input|load|secrets|hostile server)' \
		$(BUILD)/soak.log; echo "full log: $(BUILD)/soak.log"; exit $$rc
	bash scripts/fuzz.sh $(SOAK_FUZZTIME)

SOAK_FUZZTIME ?= 2m

# Each fuzz target runs briefly so the targets cannot rot; `make fuzz FUZZTIME=10m` digs deeper.
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

# The arm64 kernels (core/crc64's pmull) and their packages' fuzz targets, as arm64 binaries
# under qemu-aarch64 -cpu max (Debian: qemu-user); fails when qemu-aarch64 is missing.
test-arm64:
	bash scripts/test-arm64.sh

bench: lib cli browser
	@test -d bindings/node/node_modules/ali-oss -a -d bindings/node/node_modules/koffi || (cd bindings/node && npm ci --no-audit --no-fund)
	@test -d tests/browser/node_modules/playwright-core || (cd tests/browser && npm ci --no-audit --no-fund)
	cd tests/compat && $(BENCH_ENV) BROWSER_DIR=$(CURDIR)/$(BROWSER_OUT) $(GO) run ./cmd/ossbench -out results $(BENCHFLAGS)

clean:
	rm -rf $(BUILD)

FORCE:
