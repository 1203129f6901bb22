/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual PL011 (emu_type 0x2, "console"): the SBSA-UART register subset
 * plus what Linux's amba-pl011 driver touches, backed by a console
 * multiplexer port (hv/console.h) named after the VM.
 *
 * Model (ARM PrimeCell UART PL011 TRM, DDI 0183):
 *  - TX is accepted at once into the VM's console line buffer. UARTFR.TXFF
 *    (and BUSY) are set while that buffer cannot take another byte; TXFE is
 *    its complement. A write to UARTDR while full is retried for a while; if
 *    the console still has no room the access returns HV_ERR_BUSY, which the
 *    MMIO dispatcher must treat as "re-execute the instruction" (do not
 *    advance the PC, do not inject an abort): the byte is never lost.
 *  - RX comes from the console input focus (Ctrl-A x3), 64 bytes deep.
 *  - Interrupts (TRM 3.4): TXRIS when the console can take data, RXRIS when
 *    the RX level reaches the UARTIFLS trigger (1 with FIFOs off), RTRIS
 *    whenever RX data waits (standing in for the receive timeout). The
 *    device's line is driven to (UARTRIS & UARTIMSC) != 0 through the hook
 *    below, called only when the level changes.
 *  - Baud rate, line control and DMA registers are stored and read back;
 *    they change nothing. UARTCR.UARTEN/TXE/RXE are not enforced, so a
 *    bare-metal guest may print without programming the UART.
 *  - Accesses of 1, 2 or 4 bytes at a register's offset are emulated;
 *    other widths, unaligned offsets and reserved offsets return an error
 *    (the caller injects a synchronous external abort).
 */
#ifndef HV_VPL011_H
#define HV_VPL011_H

#include <hv/types.h>
#include <hv/emul.h>
#include <hv/vmconfig.h>

struct vm;
struct vpl011;

#define VPL011_SIZE 0x1000

/** Raise (level true) or lower the device's interrupt line in its VM. */
typedef void (*vpl011_irq_fn)(struct vm *vm, uint32_t irq, bool level);

/**
 * Where interrupt level changes go; until set (by core/irq_wire.c), they
 * are only recorded (vpl011_irq_level()). Called with the device lock held:
 * the hook must not call back into this device.
 */
void vpl011_set_irq_hook(vpl011_irq_fn fn);

/**
 * Set up the console of `vm` described by `cfg` in `dev` (base, size,
 * access, priv). Calling it again for the same VM (VM reset) resets the
 * registers and keeps the console port. HV_ERR_NOMEM: no console port left;
 * HV_ERR_INVAL: bad window.
 */
enum hv_err vpl011_emul_init(struct vm *vm, const struct vmcfg_emu_dev *cfg,
			struct emul_dev *dev);

/**
 * The VM runs (true) or is off/stopped (false): its console port takes part
 * in input focus only while it runs (console_set_live()). No-op for a VM
 * without a virtual console.
 */
void vpl011_vm_live(struct vm *vm, bool live);

/** The emul_fn installed by vpl011_emul_init(). */
enum hv_err vpl011_access(struct vcpu *vcpu, struct emul_dev *dev,
			  struct mmio_access *acc);

/** Current level of the device's interrupt line (tests, debugging). */
bool vpl011_irq_level(const struct emul_dev *dev);

#endif /* HV_VPL011_H */
