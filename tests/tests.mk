# `make test`: unit tests (CMocka, host), the axvmconfig suite, the build
# suite (make install, gen/run behaviour, the Linux guest fetch), then the
# integration suite. The pytest suites run as separate sessions: each
# directory has its own conftest helpers, imported by name by its tests.
# `make test` installs the test package set (tools/deps.sh test) first.
-include tests/unit/unit.mk

PYTEST := $(PYTHON) -m pytest
PYTEST_ARGS ?= -q -rs
# Integration tests build firmware variants through make themselves.
export PYTHON BOARD

test: deps-test
	@status=0; \
	$(MAKE) --no-print-directory test-unit || status=1; \
	$(PYTEST) $(PYTEST_ARGS) tests/tool || status=1; \
	$(PYTEST) $(PYTEST_ARGS) tests/build || status=1; \
	$(PYTEST) $(PYTEST_ARGS) tests/integration || status=1; \
	$(MAKE) --no-print-directory test-gicv2 || status=1; \
	exit $$status

# The aarch64 suites again on QEMU virt with a GICv2 (vgic2/, issue 14):
# hello, SMP, partitioning/attacker, reset. Linux on GICv2 runs in the main
# session (tests/integration/test_linux_gicv2.py).
GICV2_SUITES := tests/integration/test_hello.py tests/integration/test_partitioning.py
.PHONY: test-gicv2
test-gicv2: deps-test
	BOARD=qemu-virt-aarch64-gicv2 $(PYTEST) $(PYTEST_ARGS) $(GICV2_SUITES)

test-tool: deps-test
	$(PYTEST) $(PYTEST_ARGS) tests/tool

test-build: deps-test
	$(PYTEST) $(PYTEST_ARGS) tests/build

test-integration: deps-test
	$(PYTEST) $(PYTEST_ARGS) tests/integration

# The QEMU command line for $(FW_DIR), for scripts and tests.
qemu-cmd:
	@echo $(QEMU_CMD)
