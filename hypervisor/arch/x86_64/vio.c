/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Port I/O a guest may not reach directly (every port is intercepted by
 * default, svm_bitmap.c):
 *   0x3f8-0x3ff  an emulated 16550 (COM1): transmit only for now, lines
 *                written to the hypervisor console whole;
 *   0x604        ACPI PM1a_CNT as on QEMU's q35: SLP_EN (bit 13) turns this
 *                VM off (ACPI 6.4, 4.8.3.2.1) -- the documented shutdown port;
 *   0x64 / 0xcf9 keyboard-controller pulse-reset (0xfe) and the reset
 *                control register (bit 2): reset requested -> VM off for now.
 * Any other port reads as all ones and ignores writes (an empty bus), so a
 * guest never reaches a device it does not own.
 */
#include <hv/log.h>
#include <arch/x86_vm.h>

#define COM1 0x3f8
#define UART_LSR_THRE_TEMT 0x60
#define LINE_MAX 160

struct vuart_tx {
	char buf[LINE_MAX];
	unsigned len;
};
static struct vuart_tx vuart_tx[8];

static void vuart_flush(struct vuart_tx *t)
{
	log_sink_write(t->buf, t->len);
	t->len = 0;
}

static void vuart_putc(struct x86_vcpu *v, char c)
{
	struct vuart_tx *t = &vuart_tx[v->vm->desc->id % ARRAY_SIZE(vuart_tx)];

	if (c == '\r')
		return;
	t->buf[t->len++] = c;
	if (c == '\n' || t->len == LINE_MAX)
		vuart_flush(t);
}

static uint32_t vuart_read(unsigned reg)
{
	return reg == 5 ? UART_LSR_THRE_TEMT : 0; /* LSR: transmitter empty */
}

static uint32_t *gpr_io(struct x86_vcpu *v)
{
	return (uint32_t *)&v->gpr[GPR_RAX];
}

/* IN writes AL/AX/EAX; a 32-bit IN zero-extends into RAX (APM vol. 3 IN). */
static void io_in_result(struct x86_vcpu *v, unsigned size, uint32_t val)
{
	uint64_t mask = size == 4 ? 0xffffffffULL : (1ULL << (8 * size)) - 1;

	if (size == 4)
		v->gpr[GPR_RAX] = val;
	else
		v->gpr[GPR_RAX] = (v->gpr[GPR_RAX] & ~mask) | (val & mask);
}

static bool io_out(struct x86_vcpu *v, uint16_t port, uint32_t val)
{
	if (port == COM1) {
		vuart_putc(v, (char)val);
	} else if (port == 0x604 && (val & 0x2000)) {
		x86_vm_stop(v->vm, "ACPI S5 through PM1a_CNT");
		return false;
	} else if ((port == 0x64 && (val & 0xff) == 0xfe) || (port == 0xcf9 && (val & 4))) {
		x86_vm_stop(v->vm, "reset requested (reset not implemented yet)");
		return false;
	} else if (!(port > COM1 && port <= COM1 + 7)) {
		x86_vm_refused(v->vm, "write %#x to port %#x it does not own: ignored", val, port);
	}
	return true;
}

bool vio_handle(struct x86_vcpu *v, uint16_t port, unsigned size, bool in)
{
	if (!in)
		return io_out(v, port, *gpr_io(v) & (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1));
	if (port >= COM1 && port <= COM1 + 7) {
		io_in_result(v, size, vuart_read(port - COM1));
	} else {
		x86_vm_refused(v->vm, "read of port %#x it does not own: all ones", port);
		io_in_result(v, size, 0xffffffffu);
	}
	return true;
}
