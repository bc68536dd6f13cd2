# svc: one GNU Makefile. `make` builds svcc (and svcd/svcctl once present),
# `make check` runs every test (plain, then under ASan+UBSan), `make demo`
# runs the bundled example. Objects go to $(BUILD); nothing generated is kept
# in the source tree.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BUILD   ?= build
CC      ?= cc
SAN     ?=

VERSION := 0.1.0

PKGS     := talloc
CPPFLAGS += -D_GNU_SOURCE -DSVC_VERSION='"$(VERSION)"' -DSVC_BINDIR='"$(BINDIR)"' \
            -I. -Iruntime -Icompiler -I$(BUILD)
CFLAGS   ?= -O2 -g
WARN     := -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
# The generated scanner and parser: a few named warnings off, -Werror kept.
GENWARN  := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-function -Wno-sign-compare \
            -Wno-unused-parameter -Wno-unused-but-set-variable
ifeq ($(SAN),1)
  CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS += -fsanitize=address,undefined
endif
LIBS       := $(shell pkg-config --libs talloc 2>/dev/null || echo -ltalloc)
CMOCKALIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
EXPATLIBS  := $(shell pkg-config --libs expat 2>/dev/null || echo -lexpat)
NETTLELIBS := $(shell pkg-config --libs nettle 2>/dev/null || echo -lnettle)
EDITLIBS   := $(shell pkg-config --libs libedit 2>/dev/null || echo -ledit)
LIBS       += $(NETTLELIBS)

# The parts, each its own library (docs/architecture.md is the map):
# common/ is shared by all three programs; svcd is engine + control,
# svcctl is client; proto/ is what svcd and svcctl both speak.
COMPILER_SRCS := $(filter-out compiler/svcc.c,$(wildcard compiler/*.c))
COMMON_SRCS   := $(wildcard common/*.c)
PROTO_SRCS    := $(wildcard runtime/proto/*.c)
ENGINE_SRCS   := $(wildcard runtime/engine/*.c)
CONTROL_SRCS  := $(wildcard runtime/control/*.c)
CLIENT_SRCS   := $(wildcard runtime/client/*.c)
TEST_SRCS     := $(wildcard tests/unit/test_*.c)
HELPER_SRCS   := $(wildcard tests/helpers/*.c)

GEN_SRCS := $(BUILD)/svc.tab.c $(BUILD)/svc.lex.c
COMPILER_OBJS := $(COMPILER_SRCS:%.c=$(BUILD)/%.o) $(GEN_SRCS:.c=.o)
TESTS    := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
HELPERS  := $(HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/helpers/%)
PROGRAMS := $(BUILD)/svcc $(BUILD)/svcd $(BUILD)/svcctl

.PHONY: all deps format format-check check check-quick check-asan check-build check-run check-results demo bench fuzz install clean
.DEFAULT_GOAL := all

all: $(PROGRAMS)

# Installs missing Debian packages (needs root on a fresh machine).
deps:
	@sh scripts/deps.sh

$(BUILD)/svc.tab.c $(BUILD)/svc.tab.h &: grammar/svc.y
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/svc.tab.h -o $(BUILD)/svc.tab.c $<

$(BUILD)/svc.lex.c $(BUILD)/svc.lex.h &: grammar/svc.l $(BUILD)/svc.tab.h
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/svc.lex.h -o $(BUILD)/svc.lex.c $<

$(BUILD)/svc.%.o: $(BUILD)/svc.%.c $(BUILD)/svc.tab.h $(BUILD)/svc.lex.h
	$(CC) $(CPPFLAGS) $(GENWARN) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.c | $(BUILD)/svc.tab.h $(BUILD)/svc.lex.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

# The text of the generated outputs (templates/*), embedded into svcc so an
# installed svcc needs no data files.
COMPILER_OBJS += $(BUILD)/templates.o
$(BUILD)/templates.c: scripts/embed.sh $(wildcard templates/*)
	@mkdir -p $(@D)
	sh scripts/embed.sh $(sort $(wildcard templates/*)) >$@
$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libsvcc.a: $(COMPILER_OBJS)
$(BUILD)/libsvccommon.a: $(COMMON_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libsvcproto.a: $(PROTO_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libsvcengine.a: $(ENGINE_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libsvccontrol.a: $(CONTROL_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libsvcclient.a: $(CLIENT_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/libsvc%.a:
	@rm -f $@
	$(AR) rcs $@ $^

# In link order: a part before the parts it uses.
SVCC_LIBS   := $(BUILD)/libsvcc.a $(BUILD)/libsvccommon.a
SVCD_LIBS   := $(BUILD)/libsvccontrol.a $(BUILD)/libsvcengine.a $(BUILD)/libsvcproto.a \
               $(BUILD)/libsvccommon.a
SVCCTL_LIBS := $(BUILD)/libsvcclient.a $(BUILD)/libsvcproto.a $(BUILD)/libsvccommon.a
ALL_LIBS    := $(BUILD)/libsvcc.a $(BUILD)/libsvccontrol.a $(BUILD)/libsvcengine.a \
               $(BUILD)/libsvcclient.a $(BUILD)/libsvcproto.a $(BUILD)/libsvccommon.a

$(BUILD)/svcc: $(BUILD)/compiler/svcc.o $(SVCC_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/svcd: $(BUILD)/runtime/svcd.o $(SVCD_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(EXPATLIBS) $(LIBS)

$(BUILD)/svcctl: $(BUILD)/runtime/svcctl.o $(SVCCTL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(EXPATLIBS) $(EDITLIBS) $(LIBS)

# The engine's tests run it without children or a clock: the linker
# points these calls at the fakes of tests/unit/engine_fake.h.
FAKED := loop_now spawn_proc kill mainlog
WRAP_test_engine := $(FAKED:%=-Wl,--wrap=%)
WRAP_test_methods := $(FAKED:%=-Wl,--wrap=%)

$(BUILD)/tests/%: tests/unit/%.c $(ALL_LIBS) | $(BUILD)/svc.tab.h $(BUILD)/svc.lex.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -o $@ $< $(ALL_LIBS) \
		$(LDFLAGS) $(WRAP_$*) $(CMOCKALIBS) $(EXPATLIBS) $(EDITLIBS) $(LIBS)

$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $<

# The tests run in parallel, JOBS at a time (most of them wait on processes,
# so more than one a CPU). Every test is a target BUILD/results/KIND/NAME.result
# made by tests/run-one.sh; CHECK_IN names the build folders to run them in.
# `make check` runs the plain build and the ASan+UBSan build in one run;
# `make check-quick` only the plain one, for the edit-test loop.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$((n * 4)))
ASAN := build/asan
CHECK_NAMES := $(TEST_SRCS:tests/unit/%.c=unit/%) \
               $(patsubst tests/cases/%.svc,case/%,$(wildcard tests/cases/*.svc)) \
               $(patsubst tests/cli/%.sh,cli/%,$(wildcard tests/cli/*.sh))
CHECK_IN ?=
RUNFLAGS := --no-print-directory -k -Otarget -j$(JOBS)

# One dialect (.clang-format): `make format` applies it, `make check`
# refuses a file that does not follow it.
FORMAT_SRCS := $(wildcard common/*.[ch] compiler/*.[ch] runtime/*.c runtime/*/*.[ch] \
                 tests/unit/*.[ch] tests/helpers/*.c tests/fuzz/*.c bench/*.c)
format:
	clang-format -i $(FORMAT_SRCS)
format-check:
	@clang-format --dry-run --Werror $(FORMAT_SRCS) || \
		{ echo "format-check: run 'make format' (clang-format, .clang-format)"; exit 1; }

check: deps format-check
	@$(MAKE) --no-print-directory -j$(JOBS) check-build
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=$(ASAN) SAN=1 check-build
	@$(MAKE) $(RUNFLAGS) CHECK_IN='$(BUILD) $(ASAN)' check-run

check-quick:
	@$(MAKE) --no-print-directory -j$(JOBS) check-build
	@$(MAKE) $(RUNFLAGS) CHECK_IN='$(BUILD)' check-run

check-asan:
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=$(ASAN) SAN=1 check-build
	@$(MAKE) $(RUNFLAGS) CHECK_IN='$(ASAN)' check-run

check-build: $(PROGRAMS) $(TESTS) $(HELPERS)

ifneq ($(strip $(CHECK_IN)),)
CHECK_RESULTS := $(foreach b,$(CHECK_IN),$(CHECK_NAMES:%=$(b)/results/%.result))
check-run:
	@rm -rf $(addsuffix /results,$(CHECK_IN))
	@$(MAKE) $(RUNFLAGS) CHECK_IN='$(CHECK_IN)' check-results; \
		sh tests/summary.sh $(CHECK_IN)
check-results: $(shell sh tests/order.sh $(CHECK_RESULTS))
%.result:
	@sh tests/run-one.sh $@
endif

# libFuzzer targets (clang), seeded with the compiled examples; bounded by
# FUZZTIME seconds each. `make fuzz FUZZTIME=3600` for a long run by hand.
FUZZTIME ?= 60
FUZZFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
             -D_GNU_SOURCE -I. -Iruntime -Icompiler

$(BUILD)/fuzz/fuzz_table: tests/fuzz/fuzz_table.c common/table.c common/table_check.c common/table.h common/table_check.h common/evtype.c common/text.c common/signame.c compiler/dump.c compiler/dump.h
	@mkdir -p $(@D)
	clang $(FUZZFLAGS) tests/fuzz/fuzz_table.c common/table.c common/table_check.c common/evtype.c common/text.c common/signame.c compiler/dump.c -o $@

fuzz: $(BUILD)/fuzz/fuzz_table $(BUILD)/svcc
	@mkdir -p $(BUILD)/fuzz/corpus
	for f in examples/*.svc examples/*/*.svc tests/emit/probes.svc tests/emit/limits.svc; do \
		case $$f in */services.d/*) continue;; esac; \
		$(BUILD)/svcc --no-host-checks -o $(BUILD)/fuzz/corpus/$$(basename $$f .svc).svct $$f || exit 1; done
	$(BUILD)/fuzz/fuzz_table -max_total_time=$(FUZZTIME) -timeout=10 $(BUILD)/fuzz/corpus

# The front end once more, instrumented for libFuzzer but without its main,
# in a folder of its own; the fuzzer links that library. glob() is wrapped
# by the target so includes stay inside a folder of its own.
FUZZOBJ := $(BUILD)/fuzzobj
FUZZOBJFLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: $(FUZZOBJ)/libsvcc.a $(FUZZOBJ)/libsvccommon.a fuzz-compile
$(FUZZOBJ)/libsvcc.a $(FUZZOBJ)/libsvccommon.a:
	$(MAKE) BUILD=$(FUZZOBJ) CC=clang CFLAGS='$(FUZZOBJFLAGS)' $@

$(BUILD)/fuzz/fuzz_compile: tests/fuzz/fuzz_compile.c $(FUZZOBJ)/libsvcc.a $(FUZZOBJ)/libsvccommon.a
	@mkdir -p $(@D)
	clang $(FUZZFLAGS) -I$(FUZZOBJ) -Wl,--wrap=glob $< $(FUZZOBJ)/libsvcc.a \
		$(FUZZOBJ)/libsvccommon.a -o $@ $(LIBS)

fuzz-compile: $(BUILD)/fuzz/fuzz_compile
	@mkdir -p $(BUILD)/fuzz/corpus-compile
	$< -max_total_time=$(FUZZTIME) -timeout=10 -max_len=65536 -dict=tests/fuzz/compile.dict \
		$(BUILD)/fuzz/corpus-compile \
		examples tests/cases tests/unit/data/include/* tests/fuzz/regress/compile

fuzz: fuzz-compile

$(BUILD)/fuzz/fuzz_xmlrpc: tests/fuzz/fuzz_xmlrpc.c $(wildcard runtime/proto/x*.[ch])
	@mkdir -p $(@D)
	clang $(FUZZFLAGS) tests/fuzz/fuzz_xmlrpc.c $(wildcard runtime/proto/x*.c) common/text.c common/buf.c common/oom.c -o $@ $(EXPATLIBS) $(LIBS)

$(BUILD)/fuzz/fuzz_http: tests/fuzz/fuzz_http.c $(wildcard runtime/control/http*.[ch]) runtime/engine/loop.c common/sha1.c $(wildcard runtime/proto/*.[ch])
	@mkdir -p $(@D)
	clang $(FUZZFLAGS) -DSVC_VERSION='"$(VERSION)"' tests/fuzz/fuzz_http.c $(wildcard runtime/control/http*.c) \
		runtime/engine/loop.c common/sha1.c common/text.c common/buf.c common/oom.c $(wildcard runtime/proto/*.c) -o $@ $(EXPATLIBS) $(LIBS)

.PHONY: fuzz-xmlrpc fuzz-http
fuzz-xmlrpc: $(BUILD)/fuzz/fuzz_xmlrpc
	@mkdir -p $(BUILD)/fuzz/corpus-xmlrpc
	$< -max_total_time=$(FUZZTIME) -timeout=10 -max_len=16384 \
		$(BUILD)/fuzz/corpus-xmlrpc tests/fuzz/seeds/xmlrpc tests/fuzz/regress/xmlrpc

fuzz-http: $(BUILD)/fuzz/fuzz_http
	@mkdir -p $(BUILD)/fuzz/corpus-http
	$< -max_total_time=$(FUZZTIME) -timeout=10 -max_len=16384 \
		$(BUILD)/fuzz/corpus-http tests/fuzz/seeds/http tests/fuzz/regress/http

fuzz: fuzz-xmlrpc fuzz-http

demo: deps all
	@sh scripts/demo.sh $(BUILD)

$(BUILD)/bench/table_load: bench/table_load.c $(BUILD)/libsvccommon.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libsvccommon.a $(LDFLAGS) $(LIBS)

bench: deps all $(BUILD)/bench/table_load
	@sh bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)
	for m in docs/*.1; do [ -f "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man1; done; true
	install -d $(DESTDIR)$(MANDIR)/man8
	for m in docs/*.8; do [ -f "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man8; done; true
	for m in docs/*.5; do [ -f "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man5; done; true

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
