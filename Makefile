# gongkai - build, test and run.
#
#   make            release build: build/release/gongkai
#   make test       sanitizer build + every test suite, ends "N passed, N failed"
#   make run        install missing packages, build, run the main job
#   make deps       install missing Debian packages (apt-get)
#   make fuzz       libFuzzer targets (clang)
#   make bench      benchmarks under bench/

MODE ?= release
B := build/$(MODE)
CC ?= cc

PKGS := jansson libxml-2.0 libzip libutf8proc libpcre2-8 sqlite3 libsodium libmicrohttpd libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow=local -Wstrict-prototypes
ifeq ($(MODE),san)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(MODE),fuzz)
OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
# clang warns about things gcc does not; the fuzz build must not fail on them
WARN += -Wno-unknown-warning-option -Wno-error
else
OPT := -O2 -g
endif

CFLAGS := -std=c11 -D_GNU_SOURCE -MMD -MP -Isrc -I$(B)/gen $(WARN) $(OPT) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(OPT) $(EXTRA_LDFLAGS)
LDLIBS := $(PKG_LIBS) -lpthread -lm

SRC := $(shell find src -name '*.c' | sort)
LIBSRC := $(filter-out src/cli/main.c,$(SRC))
OBJ := $(LIBSRC:src/%.c=$(B)/obj/%.o) $(B)/obj/gen/embedded.o
DATA := $(shell find data -type f | sort)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_BIN := $(B)/tests/jsonsub

.PHONY: all test run deps fuzz bench clean units
all: $(B)/gongkai

$(B)/gongkai: $(B)/obj/cli/main.o $(B)/libgongkai.a
	@$(if $(Q),echo "  LINK $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/libgongkai.a: $(OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

ifeq ($(V),1)
Q :=
else
Q := @
endif

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(B)/gen/embedded.c: $(DATA) $(B)/tools/embed
	@mkdir -p $(dir $@)
	$(Q)$(B)/tools/embed $@ data $(DATA)

$(B)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libgongkai.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST $@")
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $< $(B)/libgongkai.a $(LDFLAGS) $(LDLIBS)

$(B)/tests/jsonsub: tests/tools/jsonsub.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LDLIBS)

units: $(UNIT_BIN) $(TOOL_BIN)

test: deps
	$(MAKE) MODE=san all units
	tests/run.sh build/san

# make run: a fresh demo database (gongkai-demo.db), then the server on it.
RUN_LISTEN ?= 127.0.0.1:8080
run: deps all
	rm -f gongkai-demo.db gongkai-demo.db-wal gongkai-demo.db-shm
	$(B)/gongkai demo --db sqlite:gongkai-demo.db --key-file gongkai-demo.key
	@echo "门户 (portal):      http://$(RUN_LISTEN)/"
	@echo "后台 (back office): http://$(RUN_LISTEN)/office"
	$(B)/gongkai serve --listen $(RUN_LISTEN) --db sqlite:gongkai-demo.db --key-file gongkai-demo.key

deps:
	@tools/deps.sh

fuzz:
	$(MAKE) MODE=fuzz CC=clang build/fuzz/libgongkai.a
	clang -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) -o build/fuzz/fuzz_parse fuzz/fuzz_parse.c build/fuzz/libgongkai.a $(PKG_LIBS) -lpthread -lm

BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(B)/bench/%)
$(B)/bench/%: bench/%.c $(B)/libgongkai.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libgongkai.a $(LDFLAGS) $(LDLIBS)

bench: all $(BENCH_BIN)
	bench/run.sh $(B)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
