/* SPDX-License-Identifier: Apache-2.0 */
/* The foundation's test guest: greet through the PL011, power the VM off. */
#include "guest.h"

int main(uint64_t dtb)
{
	gprintf("Hello from a bare-metal guest! (EL1, DTB at 0x%lx)\n", dtb);
	psci_system_off();
}
