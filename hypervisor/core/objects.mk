# core/: architecture-neutral, built for the target and for host tests.
HV_CORE_SRCS := $(addprefix $(HV_DIR)/core/, cpu.c pgtable.c vm.c power.c exit.c emul.c hv.c \
	layout.c log.c irq_wire.c image_fs.c console.c console_cmd.c console_log.c vpl011.c log_console_sync.c)
