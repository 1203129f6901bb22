/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 twin of the attacker guest: tries to reach what is not its own --
 * memory outside its RAM (where the hypervisor and the other VMs live in
 * host-physical space), the host's local APIC (an INIT IPI to another CPU)
 * and I/O APIC, ports it does not own, MSRs that would reach the host, and
 * the SVM instructions -- and reports how each was refused. Then it powers
 * its own VM off; the neighbour VM keeps running.
 */
#include "lib.h"

#define EXC_UD 6
#define EXC_GP 13

static unsigned attempts, refused;

static void report(const char *what, bool ok, const char *how)
{
	attempts++;
	refused += ok;
	puts_com1("attacker-x86_64: ");
	puts_com1(what);
	puts_com1(ok ? ": refused (" : ": NOT REFUSED (");
	puts_com1(how);
	puts_com1(")\n");
}

static void try_read(const char *what, uint64_t addr)
{
	uint64_t v;

	report(what, probe_read64(addr, &v) == EXC_GP, "#GP");
}

static void try_write(const char *what, uint64_t addr, uint32_t val)
{
	report(what, probe_write32(addr, val) == EXC_GP, "#GP");
}

static void try_msr(const char *what, uint32_t msr, bool write, uint64_t val)
{
	uint64_t v;
	int vec = write ? probe_wrmsr(msr, val) : probe_rdmsr(msr, &v);

	report(what, vec == EXC_GP, "#GP");
}

static void memory_attacks(void)
{
	try_read("read past its RAM (gpa 0x1000000)", 0x1000000);
	try_read("read the hypervisor's host-physical base 0x1000000+0x1000", 0x1001000);
	try_read("read host-physical 0x2000000 (another VM's RAM)", 0x2000000);
	try_write("write host-physical 0x3000000 (another VM's RAM)", 0x3000000, 0xdead);
	try_write("write low RAM of the host (gpa 0x40000000)", 0x40000000, 0xdead);
	/* ICR low at 0xfee00300: INIT to all other CPUs (shorthand 11). */
	try_write("INIT IPI to the other CPUs through the host local APIC", 0xfee00300, 0x000c4500);
	try_read("read the host I/O APIC", 0xfec00000);
	report("execute outside its RAM (0x2000000)", probe_exec(0x2000000) == EXC_GP, "#GP");
}

static void port_attacks(void)
{
	uint32_t v;

	outb(0x70, 0x0f); /* CMOS shutdown status byte */
	report("read CMOS/RTC port 0x71 it does not own", inb(0x71) == 0xff, "reads all ones");
	outw(0xcf8 + 0, 0);
	__asm__ volatile("outl %0, %1" ::"a"(0x80000000u), "Nd"((uint16_t)0xcf8));
	v = inl(0xcfc);
	report("read PCI config space (host bridge id)", v == 0xffffffffu, "reads all ones");
	outb(0x2f8, 'X');
	report("write COM2 port 0x2f8", true, "ignored");
}

static void msr_attacks(void)
{
	try_msr("read VM_HSAVE_PA (host save area)", 0xc0010117, false, 0);
	try_msr("write VM_CR (SVM lock/disable)", 0xc0010114, true, 0x10);
	try_msr("set EFER.SVME", 0xc0000080, true, 0x1500);
	try_msr("read APIC_BASE", 0x1b, false, 0);
	try_msr("move the APIC base", 0x1b, true, 0xfed00900);
	try_msr("write the TSC", 0x10, true, 0);
	try_msr("read SMM base (SMBASE)", 0xc0010111, false, 0);
}

static void svm_attacks(void)
{
	static const char *const names[] = {"VMRUN", "VMLOAD", "VMSAVE", "STGI", "CLGI",
					    "SKINIT", "INVLPGA"};
	uint32_t r[4];

	for (int i = 0; i < 7; i++)
		report(names[i], probe_svm(i) == EXC_UD, "#UD");
	cpuid(0x8000000a, r);
	report("CPUID 8000_000Ah (SVM features)", !(r[0] | r[1] | r[2] | r[3]), "all zero");
}

int main(void);
int main(void)
{
	puts_com1("attacker-x86_64: start\n");
	memory_attacks();
	port_attacks();
	msr_attacks();
	svm_attacks();
	puts_com1("attacker-x86_64: ");
	put_dec(attempts);
	puts_com1(" attempts, ");
	put_dec(refused);
	puts_com1(refused == attempts ? " refused: all refused\n" : " refused: SOME ALLOWED\n");
	return 0;
}
