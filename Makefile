# Front door of tpe. Every target that runs code first makes sure the system
# dependencies are present (`setup` is a no-op when they are).
BUILD   ?= build
JOBS    ?= $(shell nproc)
CONFIG  ?= configs/systolic_os_16x16_int8.json
GEMM    ?= 64x64x64
PREFIX  ?= /usr/local
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build-fuzz
ASAN_BUILD   ?= build-asan

.PHONY: all setup build test test-full test-asan fuzz fuzz-smoke demo bench paper quant-table install clean

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: setup build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE full

# Also the big arrays and long runs (tests labelled "full": matrix cases a
# family marks full-only, the lint of the 32x32 configs).
test-full: setup build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The unit and CLI tests (the make-test set minus the Verilator, Yosys and
# co-simulation cases, docs/testing.md) under AddressSanitizer and
# UndefinedBehaviorSanitizer, in a build directory of their own.
test-asan: setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTPE_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target tpe tpe_unit_tests
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE 'full|cosim|synth|gatelevel|asan_skip'

# Every libFuzzer target of fuzz/ for FUZZ_SECONDS each, or until FUZZ_RUNS
# executions if set (clang-14, its own build directory; the targets that need
# the family registry link the normal build's libraries, hence `build`),
# starting from the seed corpora in fuzz/corpus/<target> (new inputs go to
# $(FUZZ_BUILD)/corpus, the repository's stay as they are).
FUZZ_CMAKE = CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTPE_FUZZ=ON \
	       -DTPE_FUZZ_PREBUILT=$(abspath $(BUILD))
fuzz: setup build
	$(FUZZ_CMAKE)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all
	@bash fuzz/run_all.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# CI's smoke (after make test, which builds the libraries): every target,
# 2,000 executions each with a fixed seed from the seed corpus alone: short
# and nearly the same inputs on every machine, so a random finding is
# unlikely (not impossible: two runs grew the cli corpus to 68 and 61 inputs;
# at most 60 s each; fuzz/README.md has the time it adds).
fuzz-smoke: setup build
	$(FUZZ_CMAKE)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all
	rm -rf $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/findings
	@FUZZ_RUNS=2000 FUZZ_SEED=1 bash fuzz/run_all.sh $(FUZZ_BUILD) 60

# The seed paper's optimized-vs-baseline comparison (slow the first time: it
# synthesizes and characterizes every engine at the paper's sizes; cached).
paper: setup build
	./$(BUILD)/tpe compare-paper

# docs/quantization.md's table of every quantization scheme's accuracy on
# stories260K (top-1, NLL, per-layer SQNR vs fp32; about a minute on 2 cores).
quant-table: setup build
	@bash scripts/update_quant_table.sh $(BUILD)/tpe

demo: setup build
	@bash scripts/demo.sh $(CONFIG) $(GEMM)

bench: setup build
	@bash bench/run_all.sh

# tpe, its data (share/tpe) and docs (share/doc/tpe) under PREFIX; the
# installed tpe works from any directory (docs/cli.md, "Data files").
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD)
