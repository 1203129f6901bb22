/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 hello guest: prints through the emulated COM1 (port 0x3f8), and
 * shows what the hypervisor's intercepts give it: CPUID with the
 * hypervisor bit set and SVM hidden, EFER as written, VMMCALL answered.
 */
#include "lib.h"

int main(void);
int main(void)
{
	uint32_t r[4], vendor[4] = {0};
	uint64_t efer, ret;

	puts_com1("Hello from a bare-metal x86_64 guest\n");
	cpuid(0, r);
	vendor[0] = r[1];
	vendor[1] = r[3];
	vendor[2] = r[2];
	puts_com1("cpuid vendor: ");
	puts_com1((const char *)vendor);
	cpuid(1, r);
	puts_com1(r[2] & (1u << 31) ? ", hypervisor bit set" : ", no hypervisor bit");
	cpuid(0x80000001u, r);
	puts_com1(r[2] & (1u << 2) ? ", SVM visible\n" : ", SVM hidden\n");
	probe_rdmsr(0xc0000080u, &efer);
	puts_com1("EFER: ");
	put_hex(efer);
	__asm__ volatile("vmmcall" : "=a"(ret) : "a"(0x1234ULL) : "memory");
	puts_com1("\nvmmcall 0x1234 -> ");
	put_hex(ret);
	puts_com1("\nx86_64 guest done, powering off\n");
	return 0;
}
