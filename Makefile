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
	libcurl4-openssl-dev libsodium-dev chromium fonts-noto-cjk
# Evidence files: libmagic (type from content), libexif (photo time and position), libvips
# (thumbnails), libzip (the dossier ZIP).
DEB_PACKAGES += libmagic-dev libexif-dev libvips-dev libzip-dev

.PHONY: all deps build web test sanitize run bench clean

all: build

# Installs only the packages that are missing: apt-get as root, sudo otherwise.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
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

# Every test again under AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan/.
sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTAIZHANG_WERROR=ON -DTAIZHANG_SANITIZE=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ctest --output-on-failure -j$(JOBS)

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

clean:
	rm -rf $(BUILD_DIR)
