/*
 * Core vCPU power API (core/power.c) and the decoded exit record
 * (core/exit.c) against the neutral fake arch: what every firmware-call
 * front-end (PSCI, SBI HSM/SRST, INIT-SIPI) relies on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <hv/exit.h>
#include <hv/power.h>
#include <hv/vm.h>
#include <arch/fake.h>

#include "vms_fixture.h"

static int setup(void **state)
{
	(void)state;
	return vms_fixture_setup();
}

/* Starting an own, off vCPU: ON_PENDING with entry and context, its CPU kicked. */
static void test_start_own_vcpu(void **state)
{
	struct vcpu *t = &smp->vcpus[1];

	(void)state;
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x50001000, 7), HV_OK);
	assert_int_equal(vcpu_state_get(t), VCPU_ON_PENDING);
	assert_int_equal(t->boot_entry, 0x50001000);
	assert_int_equal(t->boot_arg, 7);
	assert_true(fake_machine.wakes > 0);
	assert_int_equal(fake_machine.kicks[t->pcpu], 1);
}

/* Pending, then running: BUSY, then EXISTS; entry not overwritten. */
static void test_start_twice(void **state)
{
	struct vcpu *t = &smp->vcpus[1];

	(void)state;
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x50001000, 7), HV_OK);
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x50002000, 8), HV_ERR_BUSY);
	vcpu_state_set(t, VCPU_RUNNING);
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x50002000, 8), HV_ERR_EXISTS);
	assert_int_equal(t->boot_entry, 0x50001000);
}

/* Another VM's vCPU (hardware id 0x100 is solo's) does not exist for smp. */
static void test_start_foreign_vcpu(void **state)
{
	(void)state;
	assert_int_equal(power_vcpu_start(smp, 0x100, 0x50001000, 0), HV_ERR_NOTFOUND);
	assert_int_equal(power_vcpu_start(smp, 0x2, 0x50001000, 0), HV_ERR_NOTFOUND);
	assert_int_equal(vcpu_state_get(&solo->vcpus[0]), VCPU_RUNNING);
}

/* Entry outside the VM's executable memory: RANGE, vCPU stays off. */
static void test_start_bad_entry(void **state)
{
	(void)state;
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x40000000, 0), HV_ERR_RANGE);
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x51000000, 0), HV_ERR_RANGE);
	assert_int_equal(vcpu_state_get(&smp->vcpus[1]), VCPU_OFF);
}

/* A vCPU stopped with its VM cannot be started: DENIED. */
static void test_start_stopped(void **state)
{
	(void)state;
	vcpu_state_set(&smp->vcpus[1], VCPU_STOPPED);
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x50001000, 0), HV_ERR_DENIED);
}

/* Status follows the vCPU's state; an unknown id is NOTFOUND. */
static void test_status(void **state)
{
	enum power_status st = POWER_STATUS_ON;

	(void)state;
	assert_int_equal(power_vcpu_status(smp, 0x1, &st), HV_OK);
	assert_int_equal(st, POWER_STATUS_OFF);
	assert_int_equal(power_vcpu_start(smp, 0x1, 0x50001000, 0), HV_OK);
	assert_int_equal(power_vcpu_status(smp, 0x1, &st), HV_OK);
	assert_int_equal(st, POWER_STATUS_ON_PENDING);
	assert_int_equal(power_vcpu_status(smp, 0x0, &st), HV_OK);
	assert_int_equal(st, POWER_STATUS_ON);
	assert_int_equal(power_vcpu_status(smp, 0x100, &st), HV_ERR_NOTFOUND);
}

/* Stop self: the caller goes off and may be started again. */
static void test_stop_self(void **state)
{
	struct vcpu *v = &smp->vcpus[0];

	(void)state;
	power_vcpu_stop_self(v);
	assert_int_equal(vcpu_state_get(v), VCPU_OFF);
	assert_int_equal(power_vcpu_start(smp, 0x0, 0x50000000, 0), HV_OK);
}

/* A POWER exit record reaches the same API, with the status written back. */
static void test_exit_power(void **state)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_POWER,
			      .power = {.op = POWER_CPU_ON, .hwid = 0x1, .entry = 0x50003000, .ctx = 9}};

	(void)state;
	assert_int_equal(vcpu_exit_handle(&smp->vcpus[0], &e), HV_OK);
	assert_int_equal(smp->vcpus[1].boot_arg, 9);
	e.power = (struct power_req){.op = POWER_CPU_STATUS, .hwid = 0x1};
	assert_int_equal(vcpu_exit_handle(&smp->vcpus[0], &e), HV_OK);
	assert_int_equal(e.power.status, POWER_STATUS_ON_PENDING);
	e.power = (struct power_req){.op = POWER_CPU_ON, .hwid = 0x7};
	assert_int_equal(vcpu_exit_handle(&smp->vcpus[0], &e), HV_ERR_NOTFOUND);
}

/* VM off through the exit record: its vCPUs stop, the other VM runs on. */
static void test_exit_vm_off(void **state)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_POWER, .power = {.op = POWER_VM_OFF}};

	(void)state;
	assert_int_equal(vcpu_exit_handle(&smp->vcpus[0], &e), HV_OK);
	assert_int_equal(smp->state, VM_STATE_OFF);
	assert_int_equal(vcpu_state_get(&smp->vcpus[0]), VCPU_STOPPED);
	assert_int_equal(solo->state, VM_STATE_RUNNING);
}

/* An unknown call is refused (the arch writes its NOT_SUPPORTED), not a fault. */
static void test_exit_hypercall_unsupported(void **state)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_HYPERCALL, .call = {.abi = "test", .nr = 0x42}};

	(void)state;
	assert_int_equal(vcpu_exit_handle(&smp->vcpus[0], &e), HV_ERR_UNSUPP);
	assert_int_equal(smp->state, VM_STATE_RUNNING);
}

/* ABORT and UNDEFINED exits are reflected through the arch's injection. */
static void test_exit_abort_and_undefined(void **state)
{
	struct vcpu *v = &smp->vcpus[0];
	struct vcpu_exit e = {.kind = VCPU_EXIT_ABORT,
			      .fault = {.ipa = 0x60000000, .va = 0x1234, .write = true}};

	(void)state;
	assert_int_equal(vcpu_exit_handle(v, &e), HV_OK);
	assert_int_equal(v->arch.injected_aborts, 1);
	assert_int_equal(v->arch.last_abort_va, 0x1234);
	assert_true(v->arch.last_abort_write);
	assert_false(v->arch.last_abort_insn);
	e = (struct vcpu_exit){.kind = VCPU_EXIT_UNDEFINED};
	assert_int_equal(vcpu_exit_handle(v, &e), HV_OK);
	assert_int_equal(v->arch.injected_undefs, 1);
}

/* FATAL stops the VM; IRQ goes to the irqchip; HALT and NONE change nothing. */
static void test_exit_fatal_irq_halt(void **state)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_IRQ};

	(void)state;
	assert_int_equal(vcpu_exit_handle(&solo->vcpus[0], &e), HV_OK);
	assert_int_equal(fake_machine.irqchip_handled, 1);
	e.kind = VCPU_EXIT_HALT;
	assert_int_equal(vcpu_exit_handle(&solo->vcpus[0], &e), HV_OK);
	e.kind = VCPU_EXIT_NONE;
	assert_int_equal(vcpu_exit_handle(&solo->vcpus[0], &e), HV_OK);
	assert_int_equal(solo->state, VM_STATE_RUNNING);
	e.kind = VCPU_EXIT_FATAL;
	assert_int_equal(vcpu_exit_handle(&solo->vcpus[0], &e), HV_OK);
	assert_int_equal(solo->state, VM_STATE_STOPPED);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_start_own_vcpu),
		T(test_start_twice),
		T(test_start_foreign_vcpu),
		T(test_start_bad_entry),
		T(test_start_stopped),
		T(test_status),
		T(test_stop_self),
		T(test_exit_power),
		T(test_exit_vm_off),
		T(test_exit_hypercall_unsupported),
		T(test_exit_abort_and_undefined),
		T(test_exit_fatal_irq_halt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
