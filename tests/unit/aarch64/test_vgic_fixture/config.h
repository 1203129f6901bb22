/* Sizing for the vGIC host tests (stands in for generated config.h). */
#ifndef CONFIG_H
#define CONFIG_H
#define AXVM_VM_NUM 2
#define AXVM_MAX_VCPUS 4
#define AXVM_MAX_EMU_DEVS 8
#endif
