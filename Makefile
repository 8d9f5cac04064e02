# sitmap - dated situation maps from conflict data.
# `make` builds ./sitmap (with ./sitmap-core.so), ./sitmap-gdal.so and the
# library (build/libsitmap.a, build/libsitmap.so.*, build/sitmap.pc); `make check` runs every test;
# `make demo` builds and loads the example data. Each installs what is missing.

PKGS     := gdal proj cairo pangocairo pixman-1 fontconfig spatialite sqlite3 json-c libpng libdeflate libcrypto libxml-2.0
# PROJ and SpatiaLite are opened at run time (src/core/geolibs.h), by the
# names of the libraries the headers are of; so is libpq (src/store/pq.h)
BASE_PKGS := cairo pangocairo pixman-1 fontconfig sqlite3 json-c libpng libdeflate
BUILD    ?= build
PREFIX   ?= /usr/local
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# libpq's header only: the store opens libpq with dlopen (src/store/pq.h)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libpq 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BASE_LIBS  := $(shell pkg-config --libs $(BASE_PKGS) 2>/dev/null)
# libcsv (the importers' CSV reader) has no pkg-config file
GDAL_LIBS  := $(shell pkg-config --libs gdal libcrypto libxml-2.0 2>/dev/null) -lcsv
soname    = $(shell objdump -p "$$(pkg-config --variable=libdir $(1) 2>/dev/null)/lib$(2).so" \
                2>/dev/null | awk '/SONAME/ { print $$2 }')
PROJ_SONAME       := $(call soname,proj,proj)
SPATIALITE_SONAME := $(call soname,spatialite,spatialite)
PQ_SONAME         := $(call soname,libpq,pq)
CPPFLAGS += -D_GNU_SOURCE -Isrc -MMD -MP $(PKG_CFLAGS)
CPPFLAGS += $(if $(PROJ_SONAME),-DSM_PROJ_SONAME='"$(PROJ_SONAME)"')
CPPFLAGS += $(if $(SPATIALITE_SONAME),-DSM_SPATIALITE_SONAME='"$(SPATIALITE_SONAME)"')
CPPFLAGS += $(if $(PQ_SONAME),-DSM_PQ_SONAME='"$(PQ_SONAME)"')
LDLIBS   += $(PKG_LIBS) -lcsv -lm -pthread

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
# start.c is the executable alone; the rest of cli/ goes into sitmap-core.so
CLI_SRC  := $(sort $(filter-out src/cli/start.c,$(wildcard src/cli/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
# what needs GDAL is the module sitmap-gdal.so (src/ingest/module.h); the
# rest is sitmap-core.so, whose symbols the module binds to
GDAL_SRC := $(sort $(wildcard src/ingest/*.c src/export/*.c))
GDAL_PIC := $(GDAL_SRC:%.c=$(BUILD)/pic/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
CORE_PIC := $(filter-out $(GDAL_PIC),$(LIB_SRC:%.c=$(BUILD)/pic/%.o)) $(CLI_SRC:%.c=$(BUILD)/pic/%.o)
# the library, static and shared (all of it, GDAL's part too)
LIB_PIC  := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
VERSION  := $(shell awk '/define SITMAP_VERSION_(MAJOR|MINOR|PATCH) / \
                { v = v (v == "" ? "" : ".") $$3 } END { print v }' src/sitmap.h)
SOVERSION := $(firstword $(subst ., ,$(VERSION)))
SHLIB    := $(BUILD)/libsitmap.so.$(VERSION)
LIBS_OUT := $(BUILD)/libsitmap.a $(SHLIB) $(BUILD)/libsitmap.so.$(SOVERSION) \
            $(BUILD)/libsitmap.so $(BUILD)/sitmap.pc
# the installed headers: sitmap.h and those it includes (the rest, *_int.h,
# core/geolibs.h, core/json_file.h, core/vocab.h, ingest/module.h and cli/,
# are the library's own)
PUBLIC_H := sitmap.h core/arena.h core/atomic_file.h core/buf.h core/colour.h core/day.h \
            core/error.h core/preload.h core/text.h core/words.h theatre/theatre.h store/store.h \
            gazetteer/gazetteer.h extract/extract.h timeline/timeline.h ingest/ingest.h \
            export/export.h style/style.h render/render.h
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
# the tests alone compare colours with Little CMS (CIEDE2000)
TEST_LIBS := $(shell pkg-config --libs lcms2 2>/dev/null)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all sitmap lib deps check unit demo bench eval install clean golden-update FORCE \
        fuzz fuzz-bin
all: sitmap lib
lib: $(LIBS_OUT)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/libsitmap.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -fno-semantic-interposition -c $< -o $@
# what the library needs beside itself: PROJ and SpatiaLite are opened
# with dlopen (core/geolibs.h); -ldl for that
$(SHLIB): $(LIB_PIC) $(BUILD)/libsitmap.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libsitmap.so.$(SOVERSION) -Wl,--no-undefined \
	    -Wl,--version-script,$(BUILD)/libsitmap.map \
	    $(LIB_PIC) $(GDAL_LIBS) $(BASE_LIBS) -lm -pthread -ldl -o $@
# the shared library exports what the installed headers declare, and no
# more (the rest is the library's own), under the version SITMAP_0
$(BUILD)/libsitmap.map: $(addprefix src/,$(PUBLIC_H))
	@mkdir -p $(@D)
	@{ echo 'SITMAP_0 {'; echo 'global:'; \
	   cat $^ | grep -oE '\bsm_[a-z0-9_]+[[:space:]]*\(' | sed 's/[[:space:]]*($$/;/' | sort -u; \
	   echo 'local: *;'; echo '};'; } >$@
$(BUILD)/libsitmap.so.$(SOVERSION) $(BUILD)/libsitmap.so: $(SHLIB)
	ln -sf $(notdir $<) $@
# rewritten when the prefix or the version changes, left alone otherwise
$(BUILD)/sitmap.pc: src/sitmap.pc.in FORCE
	@mkdir -p $(@D)
	@sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' $< >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(BUILD)/sitmap-gdal.so: $(GDAL_PIC)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared $^ $(GDAL_LIBS) -o $@
# the command is a small executable (src/cli/start.c, libc alone) that loads
# sitmap-core.so, the commands and the library without GDAL, unless asked
# only for the version; sitmap-gdal.so binds to what sitmap-core.so exports
$(BUILD)/sitmap-core.so: $(CORE_PIC)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,--no-undefined $^ $(BASE_LIBS) -lm -pthread -ldl -o $@
$(BUILD)/sitmap: $(BUILD)/src/cli/start.o $(BUILD)/sitmap-core.so $(BUILD)/sitmap-gdal.so
	$(CC) $(CFLAGS) $(LDFLAGS) $(BUILD)/src/cli/start.o -ldl -o $@
# ./sitmap, ./sitmap-core.so and ./sitmap-gdal.so are always those of the
# current BUILD (a sanitizer build in build-san must not linger after it).
sitmap: $(BUILD)/sitmap
	@cmp -s $< $@ || cp $< $@
	@cmp -s $(BUILD)/sitmap-core.so sitmap-core.so || cp $(BUILD)/sitmap-core.so sitmap-core.so
	@cmp -s $(BUILD)/sitmap-gdal.so sitmap-gdal.so || cp $(BUILD)/sitmap-gdal.so sitmap-gdal.so
$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libsitmap.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libsitmap.a $(LDLIBS) $(TEST_LIBS) -o $@

# libFuzzer targets (tests/fuzz/fuzz_*.c): `make fuzz` builds them with clang
# in build-fuzz/ (the library instrumented for coverage, ASan and UBSan) and
# runs each for FUZZ_SECONDS on its corpus (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build-fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g -std=c11 $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# the command's parts (not its main) for the targets of its option parsers
$(BUILD)/libsitmap-cli.a: $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
	ar rcs $@ $^
$(BUILD)/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(BUILD)/libsitmap-cli.a $(BUILD)/libsitmap.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) -Wall -Wextra -fsanitize=fuzzer $(LDFLAGS) $< \
	    $(BUILD)/libsitmap-cli.a $(BUILD)/libsitmap.a \
	    $(LDLIBS) -ldl -o $@
fuzz-bin: $(FUZZ_BIN)
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS)" fuzz-bin
	@BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

$(BUILD)/bench/%: bench/%.c $(BUILD)/libsitmap.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libsitmap.a $(LDLIBS) -o $@

deps:
	@sh .ci/deps.sh

# A first `make check` installs the libraries, then re-enters make so that
# pkg-config sees them.
$(BUILD)/imgdiff: tests/golden/imgdiff.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(LDLIBS) -o $@

unit: $(UNIT_BIN) $(BUILD)/imgdiff
# the tests of the PostgreSQL backend share one throwaway cluster
# (tests/pg/cluster.sh); SITMAP_TEST_PG=0: each test file that needs one
# starts its own
SITMAP_TEST_PG ?= 1
check: deps
	@$(MAKE) --no-print-directory all unit
	@BUILD=$(BUILD) SITMAP_TEST_PG=$(SITMAP_TEST_PG) sh tests/run.sh

golden-update: sitmap $(BUILD)/imgdiff
	@BUILD=$(BUILD) sh tests/golden/run.sh --update

demo: deps
	@$(MAKE) --no-print-directory sitmap
	@sh examples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory sitmap $(BUILD)/bench/bench_gazetteer
	@BUILD=$(BUILD) sh bench/run.sh

# the extractor scored on the articles of ../shared/eval (not part of the project)
eval: sitmap
	@if [ -f ../shared/eval/score.py ]; then python3 ../shared/eval/score.py ../shared/eval -v; \
	 else echo "eval: ../shared/eval is not here" >&2; exit 1; fi

install: sitmap lib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/sitmap \
	        $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	        $(DESTDIR)$(PREFIX)/share/sitmap/styles $(DESTDIR)$(PREFIX)/share/sitmap/styles/lang \
	        $(DESTDIR)$(PREFIX)/share/sitmap/gazetteer \
	        $(DESTDIR)$(PREFIX)/share/sitmap/gazetteer/theatres $(DESTDIR)$(PREFIX)/share/sitmap/data
	install -m 644 data/basemap.gpkg $(DESTDIR)$(PREFIX)/share/sitmap/data/
	install -m 755 sitmap $(DESTDIR)$(PREFIX)/bin/sitmap
	install -D -m 644 docs/sitmap.1 $(DESTDIR)$(PREFIX)/share/man/man1/sitmap.1
	install -D -m 755 sitmap-gdal.so $(DESTDIR)$(PREFIX)/lib/sitmap/sitmap-gdal.so
	install -D -m 755 sitmap-core.so $(DESTDIR)$(PREFIX)/lib/sitmap/sitmap-core.so
	install -m 644 $(BUILD)/libsitmap.a $(DESTDIR)$(PREFIX)/lib/libsitmap.a
	install -m 755 $(SHLIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(PREFIX)/lib/libsitmap.so.$(SOVERSION)
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(PREFIX)/lib/libsitmap.so
	install -m 644 $(BUILD)/sitmap.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/sitmap.pc
	cd src && for h in $(PUBLIC_H); do \
	    install -D -m 644 $$h $(DESTDIR)$(PREFIX)/include/sitmap/$$h; done
	for f in styles/* styles/lang/* gazetteer/* gazetteer/theatres/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/sitmap/$$f; done; true

clean:
	rm -rf build build-* sitmap sitmap-core.so sitmap-gdal.so tests/output

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(LIB_PIC:.o=.d) $(CORE_PIC:.o=.d) $(BUILD)/src/cli/start.d $(UNIT_BIN:=.d) $(FUZZ_BIN:=.d)
