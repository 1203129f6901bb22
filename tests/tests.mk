# `make test`: unit tests (CMocka, host), then the tool and integration
# suites in one pytest run so that its summary line closes the output.
-include tests/unit/unit.mk

PYTEST := $(PYTHON) -m pytest
PYTEST_ARGS ?= -q -rs
# Integration tests build firmware variants through make themselves.
export PYTHON BOARD

test: deps
	@status=0; \
	$(MAKE) --no-print-directory test-unit || status=1; \
	$(PYTEST) $(PYTEST_ARGS) tests/tool tests/integration || status=1; \
	exit $$status

test-tool: deps
	$(PYTEST) $(PYTEST_ARGS) tests/tool

test-integration: deps
	$(PYTEST) $(PYTEST_ARGS) tests/integration

# The QEMU command line for $(FW_DIR), for scripts and tests.
qemu-cmd:
	@echo $(QEMU_CMD)
