/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual PL011 UART; behaviour summary in hv/vpl011.h. Section numbers are
 * those of the ARM PrimeCell UART (PL011) Technical Reference Manual,
 * DDI 0183G (r1p5).
 *
 * Locking: each device has a lock for its registers; the console has its
 * own. Order: device lock -> console lock. The console calls our notify
 * callback with no console lock held, never from inside console_putc()/
 * console_getc(), so taking the device lock there cannot deadlock.
 */
#include <hv/vpl011.h>
#include <hv/console.h>
#include <hv/spinlock.h>
#include <hv/vm.h>

/* 3.2 Summary of registers: offsets. */
#define UARTDR      0x000
#define UARTRSR     0x004 /* UARTECR on write */
#define UARTFR      0x018
#define UARTILPR    0x020
#define UARTIBRD    0x024
#define UARTFBRD    0x028
#define UARTLCR_H   0x02c
#define UARTCR      0x030
#define UARTIFLS    0x034
#define UARTIMSC    0x038
#define UARTRIS     0x03c
#define UARTMIS     0x040
#define UARTICR     0x044
#define UARTDMACR   0x048
#define UARTPERIPHID0 0xfe0

/* 3.3.3 UARTFR bits. */
#define FR_BUSY BIT(3)
#define FR_RXFE BIT(4)
#define FR_TXFF BIT(5)
#define FR_RXFF BIT(6)
#define FR_TXFE BIT(7)

/* 3.3.8 UARTLCR_H: FIFO enable. */
#define LCRH_FEN BIT(4)

/* 3.3.13 UARTRIS (same layout for IMSC, MIS, ICR): bits 10:0. */
#define INT_RX  BIT(4)
#define INT_TX  BIT(5)
#define INT_RT  BIT(6)
#define INT_ALL 0x7ffu

/* 3.3.9 / 3.3.10 reset values: TXE | RXE, both FIFO triggers at 1/2. */
#define CR_RESET   0x300u
#define IFLS_RESET 0x12u

/* PL011 r1p5 FIFOs are 32 entries deep (3.3.11 trigger levels). */
#define HW_FIFO_DEPTH 32u
/* A full UARTDR write is retried this often (each retry drains). */
#define DR_WRITE_RETRIES 256

struct vpl011 {
	spinlock_t lock;
	struct vm *vm;
	struct console_port *port;
	uint32_t intid;
	uint32_t boots; /* vm->boots at the last register reset */
	bool level;
	/* Stored registers. */
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
};

typedef uint32_t (*reg_read_fn)(struct vpl011 *uart, uint32_t off);
typedef enum hv_err (*reg_write_fn)(struct vpl011 *uart, uint32_t off,
				    uint32_t val);

struct reg_desc {
	uint32_t off;
	uint32_t len;    /* bytes covered: 4, or 0x20 for the ID block */
	uint8_t widths;  /* allowed access sizes, bit n = 1 << n bytes */
	reg_read_fn read;
	reg_write_fn write;
};

#define W124 (BIT(0) | BIT(1) | BIT(2))

static struct vpl011 uarts[AXVM_VM_NUM];
static vpl011_irq_fn irq_hook;

/* ---- interrupt state (3.4 Interrupts) ------------------------------------ */

/* 3.3.11 UARTIFLS RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO. */
static uint32_t rx_trigger(const struct vpl011 *uart)
{
	static const uint8_t eighths[8] = {1, 2, 4, 6, 7, 4, 4, 4};

	if (!(uart->lcr_h & LCRH_FEN))
		return 1; /* character mode: one-byte holding register */
	return HW_FIFO_DEPTH * eighths[(uart->ifls >> 3) & 7] / 8;
}

/* Drive the line to the masked status; only changes reach the irqchip. */
static void irq_update(struct vpl011 *uart)
{
	bool level = (uart->ris & uart->imsc) != 0;

	if (level == uart->level)
		return;
	uart->level = level;
	if (irq_hook && uart->intid)
		irq_hook(uart->vm, uart->intid, level);
}

/* RX bits follow the fill level; `arrived` says new data came in. */
static void rx_status(struct vpl011 *uart, bool arrived)
{
	uint32_t count = console_rx_count(uart->port);

	if (!count)
		uart->ris &= ~(INT_RX | INT_RT);
	else if (count < rx_trigger(uart))
		uart->ris &= ~INT_RX;
	if (arrived && count)
		uart->ris |= INT_RT;
	if (arrived && count >= rx_trigger(uart))
		uart->ris |= INT_RX;
}

/* TX interrupt: asserted while the console can take data (3.4.3). */
static void tx_status(struct vpl011 *uart)
{
	if (console_tx_full(uart->port))
		uart->ris &= ~INT_TX;
	else
		uart->ris |= INT_TX;
}

/* Console callback: TX room came back or input arrived. */
static void vpl011_notify(void *ctx)
{
	struct vpl011 *uart = ctx;

	spin_lock(&uart->lock);
	rx_status(uart, true);
	tx_status(uart);
	irq_update(uart);
	spin_unlock(&uart->lock);
}

/* ---- register handlers --------------------------------------------------- */

static uint32_t read_raz(struct vpl011 *uart, uint32_t off)
{
	(void)uart;
	(void)off;
	return 0;
}

static enum hv_err write_wi(struct vpl011 *uart, uint32_t off, uint32_t val)
{
	(void)uart;
	(void)off;
	(void)val;
	return HV_OK;
}

/* 3.3.1 UARTDR: data in 7:0; FE/PE/BE/OE in 11:8 never occur here. */
static uint32_t read_dr(struct vpl011 *uart, uint32_t off)
{
	int c = console_getc(uart->port);

	(void)off;
	rx_status(uart, false);
	return c < 0 ? 0 : (uint32_t)c;
}

static enum hv_err write_dr(struct vpl011 *uart, uint32_t off, uint32_t val)
{
	enum hv_err err = HV_ERR_BUSY;

	(void)off;
	for (int i = 0; i < DR_WRITE_RETRIES && err == HV_ERR_BUSY; i++)
		err = console_putc(uart->port, (uint8_t)val);
	tx_status(uart);
	return err;
}

/*
 * 3.3.3 UARTFR. A snapshot, taken without the console lock: the flags of a
 * real PL011 change under the reader as the transmitter empties the TX
 * FIFO and characters arrive in the RX FIFO (two independent FIFOs, 2.4.2
 * / 2.4.3), so a read only ever tells the state at one instant and a
 * driver polls. RX count and TX state read a moment apart are a state the
 * device could have had; a write after a stale TXFF = 0 is still held back
 * (write_dr: HV_ERR_BUSY, the store is re-executed), never dropped.
 */
static uint32_t read_fr(struct vpl011 *uart, uint32_t off)
{
	uint32_t count = console_rx_count(uart->port);
	uint32_t fr = console_tx_full(uart->port) ? FR_TXFF | FR_BUSY : FR_TXFE;

	(void)off;
	if (!count)
		fr |= FR_RXFE;
	if (count >= CONSOLE_RX_SIZE)
		fr |= FR_RXFF;
	return fr;
}

/*
 * Stored registers: one accessor pair per field, masked to its width;
 * `after` runs once the new value is in place.
 */
#define STORED_REG_THEN(name, field, mask, after)                              \
	static uint32_t read_##name(struct vpl011 *uart, uint32_t off)         \
	{                                                                      \
		(void)off;                                                     \
		return uart->field;                                            \
	}                                                                      \
	static enum hv_err write_##name(struct vpl011 *uart, uint32_t off,     \
					uint32_t val)                          \
	{                                                                      \
		(void)off;                                                     \
		uart->field = val & (mask);                                    \
		after;                                                         \
		return HV_OK;                                                  \
	}
#define STORED_REG(name, field, mask) STORED_REG_THEN(name, field, mask, (void)0)

STORED_REG(ilpr, ilpr, 0xffu)   /* 3.3.4 */
STORED_REG(ibrd, ibrd, 0xffffu) /* 3.3.5 */
STORED_REG(fbrd, fbrd, 0x3fu)   /* 3.3.6 */
STORED_REG(cr, cr, 0xff87u)     /* 3.3.8: bits 6:3 reserved */
STORED_REG(dmacr, dmacr, 0x7u)  /* 3.3.15 */

/*
 * 3.3.7 UARTLCR_H (FEN) and 3.3.9 UARTIFLS move the RX trigger level: an
 * RX interrupt whose level is no longer reached goes away.
 */
STORED_REG_THEN(lcr_h, lcr_h, 0xffu, rx_status(uart, false))
STORED_REG_THEN(ifls, ifls, 0x3fu, rx_status(uart, false))
/* 3.3.10 UARTIMSC: the line follows the new mask after the access. */
STORED_REG(imsc, imsc, INT_ALL)

/* 3.3.11 UARTRIS, 3.3.12 UARTMIS. */
static uint32_t read_ris(struct vpl011 *uart, uint32_t off)
{
	(void)off;
	return uart->ris;
}

static uint32_t read_mis(struct vpl011 *uart, uint32_t off)
{
	(void)off;
	return uart->ris & uart->imsc;
}

/* 3.3.13 UARTICR: write 1 to clear. */
static enum hv_err write_icr(struct vpl011 *uart, uint32_t off, uint32_t val)
{
	(void)off;
	uart->ris &= ~(val & INT_ALL);
	return HV_OK;
}

/* 3.3.16-3.3.23 UARTPeriphID0-3, UARTPCellID0-3: PL011 r1p5, PrimeCell. */
static uint32_t read_id(struct vpl011 *uart, uint32_t off)
{
	static const uint8_t ids[8] = {0x11, 0x10, 0x34, 0x00,
				       0x0d, 0xf0, 0x05, 0xb1};

	(void)uart;
	return ids[(off - UARTPERIPHID0) / 4];
}

/*
 * 3.2 Summary of registers, indexed by word offset (the map is dense from
 * UARTDR to UARTDMACR); empty slots and offsets past UARTDMACR up to the
 * ID block are reserved.
 */
#define REG(o, rd, wr) [(o) / 4] = {o, 4, W124, rd, wr}
static const struct reg_desc regs[UARTDMACR / 4 + 1] = {
	REG(UARTDR, read_dr, write_dr),
	REG(UARTRSR, read_raz, write_wi), /* 3.3.2: no errors */
	REG(UARTFR, read_fr, write_wi),
	REG(UARTILPR, read_ilpr, write_ilpr),
	REG(UARTIBRD, read_ibrd, write_ibrd),
	REG(UARTFBRD, read_fbrd, write_fbrd),
	REG(UARTLCR_H, read_lcr_h, write_lcr_h),
	REG(UARTCR, read_cr, write_cr),
	REG(UARTIFLS, read_ifls, write_ifls),
	REG(UARTIMSC, read_imsc, write_imsc),
	REG(UARTRIS, read_ris, write_wi),
	REG(UARTMIS, read_mis, write_wi),
	REG(UARTICR, read_raz, write_icr),
	REG(UARTDMACR, read_dmacr, write_dmacr),
};
#undef REG
static const struct reg_desc id_regs = {UARTPERIPHID0, 0x20, W124, read_id, write_wi};

/* `off` is word aligned and below VPL011_SIZE; NULL: reserved. */
static const struct reg_desc *reg_find(uint32_t off)
{
	if (off / 4 < ARRAY_SIZE(regs))
		return regs[off / 4].read ? &regs[off / 4] : NULL;
	if (off - id_regs.off < id_regs.len)
		return &id_regs;
	return NULL;
}

/* ---- access -------------------------------------------------------------- */

/* 3.3 reset values; the line drops with the status. */
static void regs_reset(struct vpl011 *uart)
{
	uart->ilpr = uart->ibrd = uart->fbrd = uart->lcr_h = 0;
	uart->imsc = uart->ris = uart->dmacr = 0;
	uart->cr = CR_RESET;
	uart->ifls = IFLS_RESET;
	irq_update(uart);
}


static enum hv_err access_check(const struct emul_dev *dev,
				const struct mmio_access *acc,
				const struct reg_desc **out)
{
	uint64_t off = acc->addr - dev->base;

	if (acc->width != 1 && acc->width != 2 && acc->width != 4)
		return HV_ERR_INVAL;
	if (off >= VPL011_SIZE || !IS_ALIGNED(off, 4))
		return HV_ERR_RANGE;
	*out = reg_find((uint32_t)off);
	if (!*out)
		return HV_ERR_RANGE;
	if (!((*out)->widths & BIT(__builtin_ctz(acc->width))))
		return HV_ERR_INVAL;
	return HV_OK;
}

enum hv_err vpl011_access(struct vcpu *vcpu, struct emul_dev *dev,
			  struct mmio_access *acc)
{
	struct vpl011 *uart = dev->priv;
	const struct reg_desc *reg;
	uint32_t off = (uint32_t)(acc->addr - dev->base);
	uint64_t mask = GENMASK(acc->width * 8 - 1, 0);
	enum hv_err err = access_check(dev, acc, &reg);

	(void)vcpu;
	if (err)
		return err;
	spin_lock(&uart->lock);
	/* The VM was reset since we last looked: so is its UART. */
	if (uart->boots != uart->vm->boots) {
		uart->boots = uart->vm->boots;
		regs_reset(uart);
	}
	if (acc->write)
		err = reg->write(uart, off, (uint32_t)(acc->value & mask));
	else
		acc->value = reg->read(uart, off) & mask;
	irq_update(uart);
	spin_unlock(&uart->lock);
	/* Outside our lock: other VMs' consoles may have room / input now. */
	console_run_notifies();
	return err;
}

/* ---- setup --------------------------------------------------------------- */

void vpl011_set_irq_hook(vpl011_irq_fn fn)
{
	irq_hook = fn;
}

void vpl011_vm_live(struct vm *vm, bool live)
{
	struct vpl011 *uart = vm->index < ARRAY_SIZE(uarts) ? &uarts[vm->index] : NULL;

	if (uart && uart->vm == vm && uart->port)
		console_set_live(uart->port, live);
}

enum hv_err vpl011_emul_init(struct vm *vm, const struct vmcfg_emu_dev *cfg,
			struct emul_dev *dev)
{
	struct vpl011 *uart;

	if (vm->index >= ARRAY_SIZE(uarts) || cfg->size < VPL011_SIZE)
		return HV_ERR_INVAL;
	uart = &uarts[vm->index];
	uart->port = console_open(vm->cfg->name, vpl011_notify, uart);
	if (!uart->port)
		return HV_ERR_NOMEM;
	spin_lock(&uart->lock);
	uart->vm = vm;
	uart->intid = cfg->irq;
	regs_reset(uart);
	spin_unlock(&uart->lock);
	uart->boots = vm->boots;
	dev->base = cfg->ipa;
	dev->size = cfg->size;
	dev->access = vpl011_access;
	dev->priv = uart;
	return HV_OK;
}

bool vpl011_irq_level(const struct emul_dev *dev)
{
	const struct vpl011 *uart = dev->priv;

	return uart->level;
}
