/* SPDX-License-Identifier: Apache-2.0 */
#include "lib.h"

void *memset(void *d, int c, size_t n)
{
	uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *p = d;
	const uint8_t *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

/* ---- console -------------------------------------------------------------- */

void putc_(char c)
{
	while (mmio_r32(UARTFR) & (1u << 5)) /* TXFF */
		;
	mmio_w32(UART_BASE, (uint32_t)(uint8_t)c);
}

void puts_(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_('\r');
		putc_(*s++);
	}
}

void put_u64(uint64_t v)
{
	char buf[24];
	int i = 0;
	do {
		buf[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		putc_(buf[--i]);
}

void put_hex(uint64_t v)
{
	puts_("0x");
	for (int sh = 60; sh >= 0; sh -= 4)
		putc_("0123456789abcdef"[(v >> sh) & 0xf]);
}

void line_begin(const char *name)
{
	puts_("BENCH ");
	puts_(name);
}

void kv(const char *key, uint64_t v)
{
	putc_(' ');
	puts_(key);
	putc_('=');
	put_u64(v);
}

void line_end(void)
{
	puts_("\n");
}

static uint64_t boot_cntpct;

/*
 * boot_cntpct: the physical counter (shared by all CPUs, 0 at QEMU reset) in
 * the guest's second instruction; boot_cntvct: the virtual counter one
 * instruction later (natively the same clock; under the hypervisor CNTVOFF
 * is the physical count at the VM's start); first_line_cntvct: the virtual
 * counter just before the guest's first console write.
 */
void print_preamble(uint64_t boot_stamp)
{
	uint64_t first_line = now(); /* before the first console write */

	line_begin("guest");
	puts_(" name=");
	puts_(bench_name);
	kv("cntfrq", cntfrq());
	kv("boot_cntpct", boot_cntpct);
	kv("boot_cntvct", boot_stamp);
	kv("first_line_cntvct", first_line);
	line_end();
}

/* ---- PSCI ----------------------------------------------------------------- */

uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return x0;
}

/* ---- device tree (just what the benches need) ---------------------------- */

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be_cells(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int starts_with(const char *a, const char *pre)
{
	while (*pre)
		if (*a++ != *pre++)
			return 0;
	return 1;
}

static int has_string(const char *list, uint32_t len, const char *want)
{
	uint32_t i = 0;
	while (i < len) {
		if (str_eq(list + i, want))
			return 1;
		while (i < len && list[i])
			i++;
		i++;
	}
	return 0;
}

/* Walks the structure block; the root has #address-cells = 2 (QEMU virt,
 * axvmconfig); /cpus/cpu@*'s reg is read by its length. */
void dt_parse(const void *dtb, struct dt_info *out)
{
	const uint8_t *base = dtb;
	memset(out, 0, sizeof(*out));
	out->gicd = 0x08000000;
	out->gicr = 0x080a0000;
	if (!dtb || be32(base) != 0xd00dfeed)
		return;
	const uint8_t *p = base + be32(base + 8);
	const char *strs = (const char *)base + be32(base + 12);
	int depth = 0, in_cpus = 0, in_cpu = 0, is_gic = 0;
	uint64_t reg0 = 0, reg1 = 0;
	for (;;) {
		uint32_t tok = be32(p);
		p += 4;
		if (tok == 1) { /* BEGIN_NODE */
			const char *name = (const char *)p;
			uint32_t l = 0;
			while (name[l])
				l++;
			p += (l + 4) & ~3u;
			depth++;
			if (depth == 2) {
				in_cpus = starts_with(name, "cpus");
				is_gic = 0;
				reg0 = reg1 = 0;
			}
			in_cpu = in_cpus && depth == 3 && starts_with(name, "cpu@");
		} else if (tok == 2) { /* END_NODE */
			if (depth == 2 && is_gic && reg0) {
				out->gicd = reg0;
				out->gicr = reg1;
			}
			in_cpu = 0;
			depth--;
		} else if (tok == 3) { /* PROP */
			uint32_t len = be32(p);
			const uint8_t *val = p + 8;
			const char *pname = strs + be32(p + 4);
			if (in_cpu && str_eq(pname, "reg") && out->cpu_num < MAX_CPUS)
				out->cpu_mpidr[out->cpu_num++] = be_cells(val, len >= 8 ? 2 : 1);
			if (depth == 2 && str_eq(pname, "compatible") &&
			    has_string((const char *)val, len, "arm,gic-v3"))
				is_gic = 1;
			if (depth == 2 && str_eq(pname, "reg") && len >= 32) {
				reg0 = be_cells(val, 2);
				reg1 = be_cells(val + 16, 2);
			}
			p += 8 + ((len + 3) & ~3u);
		} else if (tok != 4) { /* not NOP: END or garbage */
			break;
		}
	}
}

/* ---- GICv3 ---------------------------------------------------------------- */

#define GICD_CTLR 0x0
#define GICR_TYPER 0x8
#define GICR_WAKER 0x14
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x80)
#define GICR_ISENABLER0 (GICR_SGI + 0x100)
#define GICR_IPRIORITYR (GICR_SGI + 0x400)

uint64_t read_mpidr(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v & 0xff00ffffffUL;
}

void gic_init_dist(uint64_t gicd)
{
	/* ARE_NS (bit 4 with DS=1 / single security state) and EnableGrp1. */
	mmio_w32(gicd + GICD_CTLR, 1u << 4);
	while (mmio_r32(gicd + GICD_CTLR) & (1u << 31))
		;
	mmio_w32(gicd + GICD_CTLR, (1u << 4) | (1u << 1) | 1u);
	while (mmio_r32(gicd + GICD_CTLR) & (1u << 31))
		;
}

static uint64_t aff_of_mpidr(uint64_t m)
{
	return (m & 0xffffff) | ((m >> 32) & 0xff) << 24;
}

/* The redistributor whose GICR_TYPER.Affinity matches mpidr. */
static uint64_t gicr_for(uint64_t gicr, uint64_t mpidr)
{
	for (int i = 0; i < 16; i++) {
		uint64_t r = gicr + (uint64_t)i * 0x20000;
		uint64_t typer = mmio_r64(r + GICR_TYPER);
		if ((typer >> 32) == aff_of_mpidr(mpidr))
			return r;
		if (typer & (1u << 4)) /* Last */
			break;
	}
	return gicr;
}

void gic_init_cpu(uint64_t gicr, uint64_t mpidr, uint32_t intid)
{
	uint64_t r = gicr_for(gicr, mpidr);
	mmio_w32(r + GICR_WAKER, mmio_r32(r + GICR_WAKER) & ~(1u << 1));
	while (mmio_r32(r + GICR_WAKER) & (1u << 2))
		;
	mmio_w32(r + GICR_IGROUPR0, mmio_r32(r + GICR_IGROUPR0) | (1u << intid));
	*(volatile uint8_t *)(r + GICR_IPRIORITYR + intid) = 0x80;
	mmio_w32(r + GICR_ISENABLER0, 1u << intid);
	uint64_t sre;
	__asm__ volatile("mrs %0, S3_0_C12_C12_5" : "=r"(sre));
	__asm__ volatile("msr S3_0_C12_C12_5, %0; isb" : : "r"(sre | 1));
	__asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"(0xffUL));	/* PMR */
	__asm__ volatile("msr S3_0_C12_C12_7, %0; isb" : : "r"(1UL)); /* IGRPEN1 */
}

uint32_t gic_ack(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(v)); /* IAR1 */
	return (uint32_t)v & 0xffffff;
}

void gic_eoi(uint32_t intid)
{
	__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" : : "r"((uint64_t)intid));
}

void gic_send_sgi(uint32_t intid, uint64_t t)
{
	uint64_t v = (uint64_t)intid << 24 | (1UL << (t & 0xf)) |
		     ((t >> 8) & 0xff) << 16 | ((t >> 16) & 0xff) << 32 |
		     ((t >> 32) & 0xff) << 48;
	__asm__ volatile("msr S3_0_C12_C11_5, %0; isb" : : "r"(v));
}

/* ---- statistics ----------------------------------------------------------- */

static void shell_sort(uint64_t *a, uint32_t n)
{
	static const uint32_t gaps[] = {1750, 701, 301, 132, 57, 23, 10, 4, 1};
	for (uint32_t g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		uint32_t gap = gaps[g];
		for (uint32_t i = gap; i < n; i++) {
			uint64_t v = a[i];
			uint32_t j = i;
			while (j >= gap && a[j - gap] > v) {
				a[j] = a[j - gap];
				j -= gap;
			}
			a[j] = v;
		}
	}
}

/* p99 is the nearest-rank percentile: the ceil(0.99 n)-th smallest. */
void report_samples(const char *name, uint64_t *s, uint32_t n)
{
	line_begin(name);
	kv("n", n);
	if (n) {
		shell_sort(s, n);
		kv("min", s[0]);
		kv("median", s[(n - 1) / 2]);
		kv("p99", s[(n * 99 + 99) / 100 - 1]);
		kv("max", s[n - 1]);
	}
	line_end();
}

/* ---- glue from head.S ----------------------------------------------------- */

void bench_entry(uint64_t boot_stamp, const void *dtb, uint64_t cntpct);
void bench_irq(uint64_t stamp);
void bench_fault(uint64_t esr, uint64_t elr, uint64_t far);

void bench_entry(uint64_t boot_stamp, const void *dtb, uint64_t cntpct)
{
	boot_cntpct = cntpct;
	bench_main(boot_stamp, dtb);
	line_begin("done");
	puts_(" name=");
	puts_(bench_name);
	line_end();
}

void bench_irq(uint64_t stamp)
{
	uint32_t intid = gic_ack();
	if (intid >= 1020)
		return; /* spurious */
	bench_irq_handler(stamp, intid);
	gic_eoi(intid);
}

void bench_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	line_begin("fault");
	puts_(" esr=");
	put_hex(esr);
	puts_(" elr=");
	put_hex(elr);
	puts_(" far=");
	put_hex(far);
	line_end();
}
