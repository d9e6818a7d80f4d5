# Containerless: the two commands (make demo, make test) and the developer targets.
# Every target that needs tools runs scripts/bootstrap.sh first, which installs what is missing.

SHELL := /bin/bash
# A rustup toolchain, when there is one, comes before Debian's rustc.
export PATH := $(HOME)/.cargo/bin:$(PATH)
.DEFAULT_GOAL := help
.PHONY: help setup build test demo bench fuzz docker-test format format-check clean

help:
	@echo "make demo          set up, then run the bundled example action through the runtime"
	@echo "make test          set up, then run every test of the project"
	@echo "make bench         set up (with wrk, hyperfine, valgrind), build, then run the benchmarks and print figures"
	@echo "make build         set up, then build every native part"
	@echo "make fuzz          build, then the differential fuzzer on 20,000 programs (FUZZ_SEED, FUZZ_PROGRAMS)"
	@echo "make docker-test   build the container image (docker/) on a local base and drive it (minutes)"
	@echo "make format        clang-format every C++ file in place"
	@echo "make format-check  fail when a C++ file is not clang-format clean"
	@echo "make clean         remove build outputs"

setup:
	@scripts/bootstrap.sh

build: setup
	@scripts/build.sh

test: setup
	@scripts/test.sh

demo: setup
	@scripts/demo.sh

bench:
	@scripts/bootstrap.sh --bench
	@scripts/build.sh
	@scripts/bench.sh

# The long mode of compiler/tests/fuzz (make test runs 2,000 programs of the fixed seed).
fuzz: build
	@FUZZ_PROGRAMS=$${FUZZ_PROGRAMS:-20000} node compiler/tests/fuzz/fuzz.js

docker-test: setup
	@scripts/docker-test.sh

format:
	@scripts/format.sh --fix

format-check:
	@scripts/format.sh --check

clean:
	rm -rf build target compiler/runtime/target addon/build
