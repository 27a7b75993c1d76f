# Front door of tpe. Every target that runs code first makes sure the system
# dependencies are present (`setup` is a no-op when they are).
BUILD   ?= build
JOBS    ?= $(shell nproc)
CONFIG  ?= configs/systolic_os_16x16_int8.json
GEMM    ?= 64x64x64

.PHONY: all setup build test test-full demo bench paper quant-table clean

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

clean:
	rm -rf $(BUILD)
