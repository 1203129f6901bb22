/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 probe guest (the first riscv64 twins of the aarch64 attacker):
 * touches what its VM does not own and checks that each attempt comes back
 * to it as an access fault or illegal instruction, never as data:
 *  - loads/stores on the physical UART, PLIC and CLINT (not passed through),
 *    past the end of its RAM, and at the host address its RAM lives at;
 *  - a compressed load (the hypervisor decodes RVC: QEMU leaves htinst 0);
 *  - HS-mode CSRs and HFENCE.GVMA from VS-mode (virtual instruction ->
 *    illegal instruction).
 * Then it uses what it does own: the emulated UART of its config (a virtual
 * PL011 at 0x0900_0000, the console multiplexer's device), through byte
 * stores and a compressed load the hypervisor decodes itself (QEMU 7.2
 * gives no htinst): its line must appear on the console.
 * It prints one line per attempt and a summary, then shuts down.
 */
#include "guest.h"

#define EXC_ILLEGAL 2
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_ACCESS 7

struct traps {
	uint64_t count, cause, tval;
};
volatile struct traps probe_traps;
void probe_vector(void);

static int failures, attempts;

static void expect(const char *what, uint64_t before, uint64_t cause, uint64_t tval,
		   int check_tval)
{
	int ok = probe_traps.count == before + 1 && probe_traps.cause == cause &&
		 (!check_tval || probe_traps.tval == tval);

	attempts++;
	failures += !ok;
	gprintf("probe: %s -> %s (scause %lu, stval 0x%lx)\n", what, ok ? "refused" : "WRONG",
		probe_traps.cause, probe_traps.tval);
}

static void load_at(const char *what, uint64_t addr)
{
	uint64_t before = probe_traps.count;
	uint64_t v = 0x5a5a;

	__asm__ volatile("lw %0, 0(%1)" : "+r"(v) : "r"(addr) : "memory");
	expect(what, before, EXC_LOAD_ACCESS, addr, 1);
	if (v != 0x5a5a)
		gprintf("probe: %s: register changed to 0x%lx!\n", what, v), failures++;
}

static void store_at(const char *what, uint64_t addr)
{
	uint64_t before = probe_traps.count;

	__asm__ volatile("sd %0, 0(%1)" : : "r"(0x1234UL), "r"(addr) : "memory");
	expect(what, before, EXC_STORE_ACCESS, addr, 1);
}

static void compressed_load(uint64_t addr)
{
	uint64_t before = probe_traps.count;
	register uint64_t base __asm__("a4") = addr;
	register uint64_t v __asm__("a5") = 0;

	__asm__ volatile(".option push\n.option rvc\nc.lw a5, 0(a4)\n.option pop"
			 : "+r"(v) : "r"(base) : "memory");
	expect("compressed load from the PLIC", before, EXC_LOAD_ACCESS, addr, 1);
}

static void hs_csrs(void)
{
	uint64_t before = probe_traps.count, v = 0;

	__asm__ volatile("csrr %0, 0x680" : "+r"(v) : : "memory"); /* hgatp */
	expect("read hgatp", before, EXC_ILLEGAL, 0, 0);
	before = probe_traps.count;
	__asm__ volatile("csrw 0x680, %0" : : "r"(0UL) : "memory");
	expect("write hgatp", before, EXC_ILLEGAL, 0, 0);
	before = probe_traps.count;
	__asm__ volatile("csrw 0x600, %0" : : "r"(0UL) : "memory"); /* hstatus */
	expect("write hstatus", before, EXC_ILLEGAL, 0, 0);
	before = probe_traps.count;
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
	expect("hfence.gvma", before, EXC_ILLEGAL, 0, 0);
}

#define VUART 0x09000000UL
#define UARTFR 0x18
#define FR_TXFE (1u << 7)

/* The VM's own emulated UART: a compressed load of UARTFR, byte stores to DR. */
static void emulated_uart(void)
{
	register uint64_t base __asm__("a4") = VUART + UARTFR;
	register uint64_t fr __asm__("a5") = 0;
	const char *s = "probe: hello through the emulated UART\n";

	__asm__ volatile(".option push\n.option rvc\nc.lw a5, 0(a4)\n.option pop"
			 : "+r"(fr) : "r"(base) : "memory");
	gprintf("probe: emulated UARTFR = 0x%lx (%s)\n", fr,
		fr & FR_TXFE ? "transmit FIFO empty" : "WRONG");
	for (; *s; s++)
		*(volatile uint8_t *)VUART = (uint8_t)*s;
}

int main(uint64_t hartid, uint64_t dtb);
int main(uint64_t hartid, uint64_t dtb)
{
	(void)hartid;
	(void)dtb;
	__asm__ volatile("csrw stvec, %0" : : "r"(probe_vector));
	load_at("load from the physical UART", 0x10000000);
	store_at("store to the physical UART", 0x10000000);
	load_at("load from the PLIC", 0x0c000000);
	store_at("store to the PLIC enables", 0x0c002080);
	load_at("load from the CLINT mtime", 0x0200bff8);
	store_at("store to the CLINT msip of hart 1", 0x02000004);
	load_at("load past the end of RAM", 0x84000000);
	load_at("load at its RAM's host address", 0x90000000);
	store_at("store below its RAM", 0x70200000);
	compressed_load(0x0c000004);
	hs_csrs();
	gprintf("probe: %d attempts, %d not refused\n", attempts, failures);
	emulated_uart();
	return 0;
}
