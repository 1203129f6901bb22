/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: the physical GICv3 as the hypervisor uses it (IHI 0069).
 * aarch64: arch/aarch64/vgic/gicv3.c. Host model: arch/aarch64/fake/gic_fake.c.
 *
 * EL2 runs with ICC_CTLR_EL1.EOImode = 1: arch_gic_eoi() only drops the
 * running priority and arch_gic_deactivate() deactivates, so an interrupt
 * forwarded to a guest through a hardware-linked list register stays active
 * until the guest deactivates it (IHI 0069 4.1.1, 12.4.x ICH_LR HW bit).
 */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include <hv/types.h>

#define GIC_INTID_SPURIOUS 1023u

/** Distributor: all SPIs off, group 1, ARE on, routed nowhere useful yet. */
void arch_gic_init_global(void);
/** This CPU: wake its redistributor, enable the system-register interface. */
void arch_gic_init_cpu(void);
/** Number of SPIs the distributor implements (GICD_TYPER.ITLinesNumber). */
uint32_t arch_gic_spi_num(void);
/** Index of this physical CPU in vmcfg_board.cpu_hwids. */
uint32_t arch_gic_cpu_index(void);
/** Acknowledge the highest-priority group 1 interrupt (ICC_IAR1_EL1). */
uint32_t arch_gic_ack(void);
/** Priority drop only (ICC_EOIR1_EL1 with EOImode = 1). */
void arch_gic_eoi(uint32_t intid);
/** Deactivate (ICC_DIR_EL1). */
void arch_gic_deactivate(uint32_t intid);
/** Enable or disable an SGI/PPI on this CPU's redistributor. */
void arch_gic_ppi_enable(uint32_t intid, bool on);
/** Enable or disable an SPI at the distributor. */
void arch_gic_spi_enable(uint32_t intid, bool on);
/** Clear the active state of PPI `intid` on this CPU (no-op if inactive). */
void arch_gic_ppi_clear_active(uint32_t intid);
/** Route an SPI to the CPU with MPIDR affinity `aff` (GICD_IROUTER). */
void arch_gic_spi_route(uint32_t intid, uint64_t aff);
/** Edge (true) or level (false) trigger for an SPI (GICD_ICFGR). */
void arch_gic_spi_set_edge(uint32_t intid, bool edge);
/** Set or clear the pending state of an SPI (GICD_ISPENDR/ICPENDR). */
void arch_gic_spi_set_pending(uint32_t intid, bool pending);
/** Clear the active state of an SPI (GICD_ICACTIVER). */
void arch_gic_spi_clear_active(uint32_t intid);
/** True once this CPU's interface is on: a WFI here wakes on a kick SGI. */
bool arch_gic_cpu_ready(void);
/** Send SGI `sgi` to the one CPU with MPIDR affinity `aff`. */
void arch_gic_send_sgi(uint64_t aff, uint32_t sgi);

#endif /* ARCH_GIC_H */
