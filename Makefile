# taizhang — two commands for a newcomer:
#   make run    install what is missing, build, create data/demo.db with the township, serve on :8080
#   make test   install what is missing, build (warnings are errors), run every test through ctest
# Everything here wraps CMake; the build itself lives in CMakeLists.txt.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= 2
LISTEN ?= 127.0.0.1:8080
DEMO_DB ?= data/demo.db
# The demo runs on the clock of the 2019 plan: it starts here and advances in real time.
DEMO_NOW ?= 2019-03-15T09:00:00+08:00

# Debian 12 packages the build and the tests need.
DEB_PACKAGES := g++ cmake make pkg-config libboost1.81-dev libsqlite3-dev nlohmann-json3-dev \
	libhowardhinnant-date-dev libgtest-dev libgmock-dev libssl-dev libcli11-dev libvalijson-dev \
	libcurl4-openssl-dev libsodium-dev libsimdjson-dev chromium fonts-noto-cjk
# The 台账 spreadsheets: libxlsxwriter writes them, minizip and expat read imported ones, and the
# tests open the written workbooks with openpyxl, a reader that is not the writer.
DEB_PACKAGES += libxlsxwriter-dev libminizip-dev libexpat1-dev python3-openpyxl
# The TLS tests make a certificate with the openssl tool and speak HTTPS with curl.
DEB_PACKAGES += openssl curl
# The printable notice's QR code of its public address (api/views/qr_svg.cc)
DEB_PACKAGES += libqrencode-dev
# The browser tests read that QR code back with a decoder that is not its encoder (zbarimg)
DEB_PACKAGES += zbar-tools
# Evidence files: libmagic (type from content), libexif (photo time and position), libvips
# (thumbnails), libzip (the dossier ZIP).
DEB_PACKAGES += libmagic-dev libexif-dev libvips-dev libzip-dev
# make fuzz only (not make test): libFuzzer comes with clang; Debian 12's clang 16 is the first
# whose C++23 mode builds against libstdc++ 12's <expected>. `time` reports each target's CPU.
FUZZ_PACKAGES := clang-16 libclang-rt-16-dev time

.PHONY: all deps fuzz-deps install-packages build web test sanitize tsan fuzz run bench bench-scale clean

all: build

# Installs only the packages that are missing: apt-get as root, sudo otherwise.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"
fuzz-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(FUZZ_PACKAGES)"
install-packages:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done; \
	  command -v npm >/dev/null 2>&1 || echo nodejs npm); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DTAIZHANG_WERROR=ON

build: deps web $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

# The browser app (web/), built into $(BUILD_DIR)/web with the packages package-lock.json pins;
# rebuilt only when a file under web/ (other than node_modules) is newer than the last build.
WEB_SOURCES := $(shell find web -path web/node_modules -prune -o -type f -print 2>/dev/null)
web: $(BUILD_DIR)/web/index.html
$(BUILD_DIR)/web/index.html: $(WEB_SOURCES)
	cd web && npm ci --no-audit --no-fund --loglevel=error
	cd web && npm run build -- --outDir $(abspath $(BUILD_DIR))/web --emptyOutDir

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# Every test again under AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan/ (the
# browser tests too: the web app is built into build-asan/web for the sanitized server to serve).
sanitize: deps
	@$(MAKE) --no-print-directory web BUILD_DIR=build-asan
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTAIZHANG_WERROR=ON -DTAIZHANG_SANITIZE=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ctest --output-on-failure -j$(JOBS)

# The unit and end-to-end tests under ThreadSanitizer, in build-tsan/ (the server the end-to-end
# tests start is built with it too). Each process's reports go to build-tsan/tsan-report.PID;
# the summary lists the distinct races. Not part of make test: TSan runs 5-15x slower.
tsan: deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAIZHANG_TSAN=ON
	cmake --build build-tsan -j$(JOBS) --target taizhang unit_tests e2e_tests
	rm -f build-tsan/tsan-report.*
	cd build-tsan && TSAN_OPTIONS="log_path=$(abspath build-tsan)/tsan-report halt_on_error=0 second_deadlock_stack=1" \
	  ctest --output-on-failure -j$(JOBS) -E '^browser$$' || true
	@tests/tsan_summary.sh build-tsan

# libFuzzer targets (tests/fuzz/*_fuzz.cc) built with clang 16, AddressSanitizer and UBSan in
# build-fuzz/, each run FUZZ_SECONDS (default 60) from its seeds in tests/fuzz/corpus/; what a
# run finds is kept in build-fuzz/corpus/ for the next run, a crash in build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := strict_json_fuzz deadline_fuzz workflow_fuzz plan_import_fuzz framing_fuzz \
                spreadsheet_fuzz multipart_fuzz
fuzz: fuzz-deps
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTAIZHANG_FUZZ=ON
	cmake --build build-fuzz -j$(JOBS) --target $(FUZZ_TARGETS)
	tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# A fresh demo database each time: tokens are stored only as hashes, so the demo tokens printed
# here exist only for the database created now.
run: build
	@mkdir -p $(dir $(DEMO_DB))
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "demo users (role, name, password, token) — valid for $(DEMO_DB) only;"
	@echo "sign in at http://$(LISTEN)/ with a name and its password:"
	@$(BUILD_DIR)/taizhang init --db $(DEMO_DB) --demo --workflows workflows --now $(DEMO_NOW)
	$(BUILD_DIR)/taizhang serve --db $(DEMO_DB) --listen $(LISTEN) --workflows workflows --now $(DEMO_NOW) \
	  --web-dir $(BUILD_DIR)/web

bench: build
	$(BUILD_DIR)/transitions_bench --taizhang $(BUILD_DIR)/taizhang --workflows workflows
	node web/scripts/bundle-size.mjs $(BUILD_DIR)/web
	$(BUILD_DIR)/deadline_bench
	$(BUILD_DIR)/disbursement_bench --taizhang $(BUILD_DIR)/taizhang --workflows workflows
	$(BUILD_DIR)/evidence_bench --taizhang $(BUILD_DIR)/taizhang --workflows workflows
	$(BUILD_DIR)/ledger_export_bench --taizhang $(BUILD_DIR)/taizhang --workflows workflows
	$(BUILD_DIR)/alert_scan_bench --workflows workflows --items 50000
	$(BUILD_DIR)/morning_report_bench --taizhang $(BUILD_DIR)/taizhang --workflows workflows --items 50000
	$(BUILD_DIR)/write_cost_bench --workflows workflows --items 50000 --creations 300 --transitions 300
	$(BUILD_DIR)/merkle_bench --records 1000000
	$(BUILD_DIR)/verify_bench --workflows workflows --records 1000000

# The same figures at 1,000,000 items (the first alert scan, the morning report over its 263,158
# rows, one write's cost with half the items overdue and alerted), on one database made afresh.
SCALE_DB ?= $(BUILD_DIR)/bench-scale/1m.db
bench-scale: build
	@mkdir -p $(dir $(SCALE_DB))
	@rm -f $(SCALE_DB) $(SCALE_DB)-wal $(SCALE_DB)-shm
	$(BUILD_DIR)/alert_scan_bench --workflows workflows --items 1000000 --db $(SCALE_DB)
	$(BUILD_DIR)/morning_report_bench --taizhang $(BUILD_DIR)/taizhang --workflows workflows --db $(SCALE_DB)
	$(BUILD_DIR)/write_cost_bench --workflows workflows --db $(SCALE_DB)

clean:
	rm -rf $(BUILD_DIR) build-asan build-tsan build-fuzz
