/* SPDX-License-Identifier: Apache-2.0 */
/* Physical CPUs (hv/cpu.h): one struct cpu each, by board index. */
#include <hv/cpu.h>
#include <hv/vmconfig.h>

struct cpu cpus[AXVM_CPU_NUM];

int32_t cpu_index_of_hwid(uint64_t hwid)
{
	for (uint32_t i = 0; i < vmcfg_board.cpu_num && i < AXVM_CPU_NUM; i++) {
		if (vmcfg_board.cpu_hwids[i] == hwid)
			return (int32_t)i;
	}
	return -1;
}
