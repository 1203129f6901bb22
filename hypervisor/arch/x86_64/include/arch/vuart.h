/* SPDX-License-Identifier: Apache-2.0 */
/* The emulated 16550 at COM1 (0x3f8-0x3ff) of every x86 VM (vuart.c). */
#ifndef ARCH_VUART_H
#define ARCH_VUART_H

#include <hv/types.h>

struct vm;

#define VUART_BASE 0x3f8
#define VUART_PORTS 8

/** Open the VM's console port (once per VM build). */
void vuart_vm_init(struct vm *vm);
/**
 * Port access at `port` (VUART_BASE..+7); reads fill *val. HV_ERR_BUSY:
 * the console cannot take the byte now, re-execute the OUT later.
 */
enum hv_err vuart_access(struct vm *vm, uint16_t port, bool in, uint32_t *val);

#endif
