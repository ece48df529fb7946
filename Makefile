# Makefile - builds nsearch's tools, tests and documentation.
#
#   make            build nsearch, nsearch-index into $(BUILD)/
#   make check      build and run every test (unit + end-to-end)
#   make sanitize   the same test suite under ASan + UBSan (build-asan/, or
#                   SAN_BUILD=DIR)
#   make deps       install the Debian 12 packages needed (apt-get, as root)
#   make install    install tools and man pages under $(DESTDIR)$(PREFIX)
#   make demo       index the shipped sample corpus and search it

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BUILD ?= build

CC ?= cc
CXX ?= c++
PKG_CONFIG ?= pkg-config

# Debian 12 packages this project builds and tests with.
DEB_PACKAGES = build-essential pkg-config libxapian-dev libyaml-dev \
	libstemmer-dev libjansson-dev libcmocka-dev xapian-tools python3

WARN = -Wall -Wextra -Werror
OPT ?= -O2 -g
SAN_FLAGS ?=
NSEARCH_VERSION = 0.1.0
CPPFLAGS += -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DNSEARCH_VERSION=\"$(NSEARCH_VERSION)\" -Ishim -Iindexer -Iquery
CFLAGS += -std=c11 $(WARN) $(OPT) $(SAN_FLAGS)
CXXFLAGS += -std=c++17 -pthread $(WARN) $(OPT) $(SAN_FLAGS)
# -pthread: a search may rank two halves of the index on two threads.
LDFLAGS += -pthread $(SAN_FLAGS)

XAPIAN_CFLAGS := $(shell $(PKG_CONFIG) --cflags xapian-core 2>/dev/null)
XAPIAN_LIBS := $(shell $(PKG_CONFIG) --libs xapian-core 2>/dev/null || echo -lxapian)
YAML_LIBS := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)
JANSSON_LIBS := $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
STEMMER_LIBS := -lstemmer

SHIM_CXX_SRC := $(wildcard shim/*.cc)
SHIM_C_SRC := $(wildcard shim/*.c)
INDEXER_SRC := $(filter-out indexer/main.c,$(wildcard indexer/*.c))
QUERY_SRC := $(filter-out query/main.c,$(wildcard query/*.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

SHIM_OBJ := $(SHIM_CXX_SRC:%.cc=$(BUILD)/%.o) $(SHIM_C_SRC:%.c=$(BUILD)/%.o)
INDEXER_OBJ := $(INDEXER_SRC:%.c=$(BUILD)/%.o)
# The views repair text with the indexer's strict UTF-8 code: one copy.
QUERY_OBJ := $(QUERY_SRC:%.c=$(BUILD)/%.o) $(BUILD)/indexer/utf8.o
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

TOOLS := $(BUILD)/nsearch $(BUILD)/nsearch-index
# libstdc++ straight after Xapian: the dynamic loader looks each of
# Xapian's thousands of C++ symbols up in the libraries in this order, and
# a small library before libstdc++ is one more miss per lookup (3% of a
# short `nsearch` run).
ALL_LIBS := $(XAPIAN_LIBS) -lstdc++ $(YAML_LIBS) $(JANSSON_LIBS) $(STEMMER_LIBS)

.PHONY: all check unit e2e sanitize deps install uninstall demo eval clean

all: $(TOOLS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/shim/%.o: shim/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(XAPIAN_CFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libnsearch-shim.a: $(SHIM_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libnsearch-indexer.a: $(INDEXER_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libnsearch-query.a: $(QUERY_OBJ)
	rm -f $@ && ar rcs $@ $^

# Linked with the C++ driver because the shim needs libstdc++.
$(BUILD)/nsearch-index: $(BUILD)/indexer/main.o $(BUILD)/libnsearch-indexer.a $(BUILD)/libnsearch-shim.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)
# The query tool shares the indexer's ISO 8601 reader for --since/--until.
$(BUILD)/nsearch: $(BUILD)/query/main.o $(BUILD)/libnsearch-query.a $(BUILD)/indexer/iso_date.o $(BUILD)/libnsearch-shim.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/tests/unit/scratch_dir.o $(BUILD)/libnsearch-indexer.a $(BUILD)/libnsearch-query.a $(BUILD)/libnsearch-shim.a
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(LDFLAGS) -x c -std=c11 $(WARN) $(OPT) $(SAN_FLAGS) $< -x none \
		$(BUILD)/tests/unit/scratch_dir.o \
		$(BUILD)/libnsearch-indexer.a $(BUILD)/libnsearch-query.a $(BUILD)/libnsearch-shim.a \
		$(ALL_LIBS) $(CMOCKA_LIBS) -o $@

$(BUILD)/tests/hold-lock: tests/tools/hold_lock.c $(BUILD)/libnsearch-shim.a
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(LDFLAGS) -x c -std=c11 $(WARN) $(OPT) $(SAN_FLAGS) $< -x none \
		$(BUILD)/libnsearch-shim.a $(ALL_LIBS) -o $@

TEST_TOOLS := $(BUILD)/tests/hold-lock

unit: $(UNIT_BIN)
e2e: $(TOOLS)

# One runner for both kinds of test; it ends with "N passed, N failed".
check: $(TOOLS) $(UNIT_BIN) $(TEST_TOOLS)
	BUILD=$(BUILD) sh tests/run

# SAN_BUILD: where (another directory lets two people run it at once).
SAN_BUILD ?= build-asan
sanitize:
	$(MAKE) --no-print-directory BUILD=$(SAN_BUILD) OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" check

# Keep every built file: make would otherwise delete intermediate objects
# after the tests have run, and the runner's summary must be the last line.
.SECONDARY:

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else echo "all build dependencies are installed"; fi

COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions

# nsearch-bench and nsearch-gen-corpus too: people benchmark on their own
# data (see nsearch-bench(1)).
INSTALL_TOOLS := $(TOOLS) $(BUILD)/nsearch-bench $(BUILD)/nsearch-gen-corpus
MAN_PAGES := query/nsearch.1 indexer/nsearch-index.1 bench/nsearch-bench.1 \
	corpus/nsearch-gen-corpus.1

install: $(INSTALL_TOOLS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(INSTALL_TOOLS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 query/nsearch.bash-completion $(DESTDIR)$(COMPLETIONDIR)/nsearch
	install -m 644 query/nsearch.bash-completion $(DESTDIR)$(COMPLETIONDIR)/nsearch-index

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(INSTALL_TOOLS))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN_PAGES))) \
		$(DESTDIR)$(COMPLETIONDIR)/nsearch $(DESTDIR)$(COMPLETIONDIR)/nsearch-index

# Relevance: nsearch beside plain BM25 on every collection in ../shared/eval.
eval: $(TOOLS)
	BUILD=$(BUILD) sh bench/eval.sh

DEMO_INDEX ?= $(BUILD)/demo-index
demo: $(TOOLS)
	$(BUILD)/nsearch-index --index $(DEMO_INDEX) corpus/sample corpus/seed; \
		status=$$?; [ $$status -le 1 ] || exit $$status
	$(BUILD)/nsearch --index $(DEMO_INDEX) "facial recognition"

clean:
	rm -rf build build-asan

# ---- Benchmarks (issue 6) ------------------------------------------------
# Tools for `make bench`; none of them is part of the product or of `make
# check` except the generator, which tests/e2e/t0060-generator.sh tests.
#
#   make corpus      build the corpus generator (nsearch-gen-corpus) and
#                    write CORPUS_COUNT articles (seed CORPUS_SEED) into
#                    $(BUILD)/corpus-COUNT-seedSEED
#   make bench       generate corpora, index them with nsearch-index,
#                    scriptindex and SQLite FTS5, run the same query log
#                    through nsearch, plain Xapian, FTS5 and quest, and
#                    write build/bench/results.md + latency/throughput plots
#   make bench-deps  install what only the benchmarks need (gnuplot,
#                    scriptindex, SQLite) - not needed for make check
# BENCH_SIZES lists the corpora: "shared" (../shared/corpus reuters+agnews,
# skipped when absent) and generated article counts.
BENCH_SIZES ?= shared 300000
BENCH_QUERIES ?= 1000
BENCH_CLI_QUERIES ?= 300
# Latency rounds: the engines run in turn this many times, medians reported.
BENCH_ROUNDS ?= 3
BENCH_DIR ?= $(BUILD)/bench
BENCH_PACKAGES = gnuplot-nox xapian-omega xapian-tools libsqlite3-dev

GEN_SRC := $(wildcard corpus/*.c)
GEN_OBJ := $(GEN_SRC:%.c=$(BUILD)/%.o)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
BENCH_TOOLS := $(BUILD)/nsearch-bench $(BUILD)/nsearch-fts5-bench \
	$(BUILD)/nsearch-to-scriptindex $(BUILD)/nsearch-cli-wall

CORPUS_COUNT ?= 10000
CORPUS_SEED ?= 1

.PHONY: corpus bench bench-deps

corpus: $(BUILD)/nsearch-gen-corpus
	rm -rf $(BUILD)/corpus-$(CORPUS_COUNT)-seed$(CORPUS_SEED)
	$(BUILD)/nsearch-gen-corpus --count $(CORPUS_COUNT) --seed $(CORPUS_SEED) \
		--out $(BUILD)/corpus-$(CORPUS_COUNT)-seed$(CORPUS_SEED)

# Plain C: the generator reads the sample with the indexer's article reader.
$(BUILD)/nsearch-gen-corpus: $(GEN_OBJ) $(BUILD)/libnsearch-indexer.a
	$(CC) $(LDFLAGS) -o $@ $^ $(YAML_LIBS) -lm

# Same code path as nsearch: the query library and the shim (C++ runtime).
$(BUILD)/nsearch-bench: $(BUILD)/bench/nsearch_bench.o $(BUILD)/bench/bench_stats.o \
		$(BUILD)/libnsearch-query.a $(BUILD)/libnsearch-shim.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)
# The FTS5 and scriptindex feeds read articles with the indexer's reader
# and list files with the generator's sorted walk (corpus/filelist.c).
BENCH_FILES_OBJ := $(BUILD)/corpus/filelist.o $(BUILD)/corpus/sbuf.o
$(BUILD)/bench/%.o: CPPFLAGS += -Icorpus
$(BUILD)/nsearch-fts5-bench: $(BUILD)/bench/fts5_bench.o $(BUILD)/bench/bench_stats.o $(BENCH_FILES_OBJ) $(BUILD)/libnsearch-indexer.a
	$(CC) $(LDFLAGS) -o $@ $^ $(YAML_LIBS) $(SQLITE_LIBS) -lm
$(BUILD)/nsearch-to-scriptindex: $(BUILD)/bench/to_scriptindex.o $(BENCH_FILES_OBJ) $(BUILD)/libnsearch-indexer.a
	$(CC) $(LDFLAGS) -o $@ $^ $(YAML_LIBS)
$(BUILD)/nsearch-cli-wall: $(BUILD)/bench/cli_wall.o $(BUILD)/bench/bench_stats.o
	$(CC) $(LDFLAGS) -o $@ $^ -lm

# tests/e2e/t0060-generator.sh runs the generator and nsearch-bench,
# t0360-cli-wall.sh the one-process-per-query timer.
check: $(BUILD)/nsearch-gen-corpus $(BUILD)/nsearch-bench $(BUILD)/nsearch-cli-wall

bench: $(TOOLS) $(BUILD)/nsearch-gen-corpus $(BENCH_TOOLS)
	BUILD=$(BUILD) BENCH_DIR=$(BENCH_DIR) BENCH_SIZES="$(BENCH_SIZES)" \
		BENCH_QUERIES=$(BENCH_QUERIES) BENCH_CLI_QUERIES=$(BENCH_CLI_QUERIES) \
		BENCH_ROUNDS=$(BENCH_ROUNDS) sh bench/run.sh

bench-deps:
	@missing=""; for p in $(BENCH_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else echo "all benchmark dependencies are installed"; fi

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- Hardening: fuzzing, fuzz regressions, valgrind (issue 7) -----------
# None of this changes how the tools are built.
#
#   make fuzz-deps   install clang and libFuzzer (not in `deps`: CI and
#                    `make check` need neither)
#   make fuzz        build the libFuzzer targets with clang + ASan + UBSan
#                    into $(FUZZ_BUILD)/ and run each for FUZZ_SECONDS;
#                    FUZZ_TARGETS picks some.  New corpus entries go to
#                    $(FUZZ_BUILD)/corpus/TARGET, crashes to
#                    $(FUZZ_BUILD)/findings/TARGET/: copy each finding into
#                    tests/fuzz/regressions/TARGET/ once it is fixed.
#   make valgrind    the whole test suite with every binary run under
#                    valgrind memcheck (leaks and invalid accesses fail the
#                    test that ran it); logs in $(VALGRIND_BUILD)/logs
#
# `make check` replays tests/fuzz/seeds and tests/fuzz/regressions through
# the same entry points with a plain driver (tests/fuzz/replay.c), built
# with the ordinary compiler, so every past finding stays fixed without
# clang (tests/e2e/t0230-fuzz-regressions.sh).
FUZZ_TARGETS ?= article query snippet
FUZZ_SECONDS ?= 600
FUZZ_TIMEOUT ?= 10
FUZZ_BUILD ?= build-fuzz
FUZZ_PACKAGES = clang libclang-rt-14-dev
FUZZ_SAN = -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all
VALGRIND_BUILD ?= build-valgrind

# Each target's own objects, besides the nsearch libraries.
FUZZ_OBJ_article := $(BUILD)/tests/fuzz/fuzz_article.o
FUZZ_OBJ_query := $(BUILD)/tests/fuzz/fuzz_query.o $(BUILD)/tests/fuzz/fuzz_index.o
FUZZ_OBJ_snippet := $(BUILD)/tests/fuzz/fuzz_snippet.o $(BUILD)/tests/fuzz/fuzz_index.o
FUZZ_LIBS := $(BUILD)/libnsearch-indexer.a $(BUILD)/libnsearch-query.a $(BUILD)/libnsearch-shim.a
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz-replay-%)

.PHONY: fuzz fuzz-build fuzz-deps valgrind

# The snippet target reaches into the shim's results handle (C++).
$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(XAPIAN_CFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

.SECONDEXPANSION:
$(BUILD)/tests/fuzz-replay-%: $(BUILD)/tests/fuzz/replay.o $$(FUZZ_OBJ_$$*) $(FUZZ_LIBS)
	$(CXX) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)
$(BUILD)/fuzz-%: $$(FUZZ_OBJ_$$*) $(FUZZ_LIBS)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(ALL_LIBS)

check: $(FUZZ_REPLAY)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz-%)

fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CXX=clang++ OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN_FLAGS="$(FUZZ_SAN)" fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/findings/$$t || exit 1; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) \
			-rss_limit_mb=4096 -print_final_stats=1 \
			-dict=tests/fuzz/$$t.dict -artifact_prefix=$(FUZZ_BUILD)/findings/$$t/ \
			$(FUZZ_BUILD)/corpus/$$t tests/fuzz/seeds/$$t tests/fuzz/regressions/$$t \
			|| exit 1; \
	done

fuzz-deps:
	@missing=""; for p in $(FUZZ_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else echo "all fuzzing dependencies are installed"; fi

# Built normally (-O1 for speed under valgrind) into $(VALGRIND_BUILD);
# then each executable moves to $(VALGRIND_BUILD)/.real/ and a wrapper
# script that runs it under memcheck takes its place, so tests/run and the
# end-to-end scripts, which find tools through $BUILD, use memcheck without
# knowing.  The wrappers are newer than everything they were built from, so
# a test that runs make with that BUILD (t0090: make install) finds them up
# to date instead of rebuilding real binaries over them.
VALGRIND = valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--suppressions=$$top/tests/fuzz/valgrind.supp --track-origins=no --quiet
VALGRIND_BINS = $(TOOLS) $(TEST_TOOLS) $(UNIT_BIN) $(FUZZ_REPLAY) \
	$(BUILD)/nsearch-gen-corpus $(BUILD)/nsearch-bench
valgrind:
	rm -rf $(VALGRIND_BUILD)
	$(MAKE) BUILD=$(VALGRIND_BUILD) OPT="-O1 -g" $(VALGRIND_BINS:$(BUILD)/%=$(VALGRIND_BUILD)/%)
	mkdir -p $(VALGRIND_BUILD)/.real/tests $(VALGRIND_BUILD)/logs
	chmod 1777 $(VALGRIND_BUILD)/logs  # tests run some tools as nobody
	@top=$$(pwd); cd $(VALGRIND_BUILD) && for f in $(VALGRIND_BINS:$(BUILD)/%=%); do \
		mv "$$f" ".real/$$f" || exit 1; \
		printf '#!/bin/sh\nexec %s --log-file=%s/%s/logs/%%p.log %s/%s/.real/%s "$$@"\n' \
			"$(VALGRIND)" "$$top" "$(VALGRIND_BUILD)" "$$top" "$(VALGRIND_BUILD)" "$$f" > "$$f"; \
		chmod 755 "$$f"; \
	done
	BUILD=$(VALGRIND_BUILD) sh tests/run; status=$$?; \
	ran=$$(ls $(VALGRIND_BUILD)/logs | wc -l); \
	bad=$$(grep -l . $(VALGRIND_BUILD)/logs/*.log 2>/dev/null | wc -l); \
	echo "valgrind: $$ran processes run under memcheck, $$bad reported errors or leaks (logs: $(VALGRIND_BUILD)/logs)"; \
	[ $$status -eq 0 ] && [ $$bad -eq 0 ]
