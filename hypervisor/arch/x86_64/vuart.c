/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A 16550 UART at COM1 for each VM, reached by port I/O (every access is
 * an IOIO exit: COM1 is never passed through), on the console
 * multiplexer: output goes to the VM's console port, input comes from it
 * (TI PC16550D data sheet, table 2 register map). Polled only: no
 * interrupt is raised (IRQCHIP none).
 */
#include <hv/console.h>
#include <hv/vm.h>
#include <arch/vuart.h>

#define RBR_THR 0
#define IER     1
#define IIR_FCR 2
#define LCR     3
#define MCR     4
#define LSR     5
#define MSR     6
#define SCR     7
#define LCR_DLAB 0x80
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

void vuart_vm_init(struct vm *vm)
{
	struct vuart_pio *u = &vm->arch.com1;

	*u = (struct vuart_pio){.lcr = 0x03};
	u->port = console_open(vm->cfg->name, NULL, NULL);
}

static uint32_t lsr(const struct vuart_pio *u)
{
	uint32_t v = 0;

	if (!u->port || !console_tx_full(u->port))
		v |= LSR_THRE | LSR_TEMT;
	if (u->port && console_rx_count(u->port))
		v |= LSR_DR;
	return v;
}

static uint32_t vuart_read(struct vuart_pio *u, unsigned reg)
{
	int c;

	switch (reg) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		c = u->port ? console_getc(u->port) : -1;
		return c < 0 ? 0 : (uint32_t)c;
	case IER:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case IIR_FCR:
		return 0xc1; /* FIFOs enabled, no interrupt pending */
	case LCR:
		return u->lcr;
	case MCR:
		return u->mcr;
	case LSR:
		return lsr(u);
	case MSR:
		return 0xb0; /* DCD, DSR, CTS */
	default:
		return u->scr;
	}
}

static enum hv_err vuart_write(struct vuart_pio *u, unsigned reg, uint8_t v)
{
	switch (reg) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB)
			u->dll = v;
		else if (u->port && v != '\r')
			return console_putc(u->port, v);
		break;
	case IER:
		if (u->lcr & LCR_DLAB)
			u->dlm = v;
		else
			u->ier = v & 0x0f;
		break;
	case LCR:
		u->lcr = v;
		break;
	case MCR:
		u->mcr = v & 0x1f;
		break;
	case SCR:
		u->scr = v;
		break;
	default:
		break; /* FCR, LSR, MSR writes: nothing to keep */
	}
	return HV_OK;
}

enum hv_err vuart_access(struct vm *vm, uint16_t port, bool in, uint32_t *val)
{
	unsigned reg = port - VUART_BASE;

	if (in) {
		*val = vuart_read(&vm->arch.com1, reg);
		return HV_OK;
	}
	return vuart_write(&vm->arch.com1, reg, (uint8_t)*val);
}
