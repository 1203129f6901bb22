/* SPDX-License-Identifier: Apache-2.0 */
/* Basic types shared by all of the hypervisor. */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Typed addresses: a host physical address, a guest (intermediate) physical
 * address and a hypervisor virtual address cannot be mixed by accident.
 */
typedef struct {
	uint64_t v;
} paddr_t;
typedef struct {
	uint64_t v;
} ipa_t;
typedef struct {
	uint64_t v;
} vaddr_t;

#define PA(x)  ((paddr_t){.v = (x)})
#define IPA(x) ((ipa_t){.v = (x)})
#define VA(x)  ((vaddr_t){.v = (x)})

/* Result of anything that can fail. HV_OK is 0 so `if (err)` reads well. */
enum hv_err {
	HV_OK = 0,
	HV_ERR_INVAL,    /* bad argument (ours or the guest's) */
	HV_ERR_NOMEM,    /* a static pool is exhausted */
	HV_ERR_RANGE,    /* address or index outside what is allowed */
	HV_ERR_DENIED,   /* the caller does not own the resource */
	HV_ERR_EXISTS,   /* already mapped / already on */
	HV_ERR_NOTFOUND, /* no owner for an address, no such CPU */
	HV_ERR_BUSY,     /* try again later (back-pressure) */
	HV_ERR_CORRUPT,  /* integrity check failed (image SHA-256) */
	HV_ERR_UNSUPP,   /* not implemented for this input */
};

#define ARRAY_SIZE(a)      (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)     (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a)   ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a)   (((x) & ((uint64_t)(a) - 1)) == 0)
#define BIT(n)             (1ULL << (n))
#define GENMASK(hi, lo)    (((~0ULL) >> (63 - (hi))) & ~((1ULL << (lo)) - 1))

#define PAGE_SIZE 4096ULL

#endif /* HV_TYPES_H */
