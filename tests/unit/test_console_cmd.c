/*
 * The console's VM commands (core/console_cmd.c, vm_request() in
 * core/vm.c) against the neutral fake arch: what Ctrl-A r/o/s <id> may do
 * to a VM in each state, and that the change happens only on the VM's own
 * CPU (vm_request_run() on its vCPU 0), which is kicked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include <hv/console.h>
#include <hv/vm.h>
#include <arch/fake.h>

#include "vms_fixture.h"

static int setup(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < vmcfg_vm_num; i++) {
		vms[i].request = VM_REQ_NONE;
		vms[i].boots = 0;
	}
	return vms_fixture_setup();
}

/* Ctrl-A o 0: nothing changes until the VM's vCPU 0 runs the request. */
static void test_off_waits_for_own_cpu(void **state)
{
	uint32_t kicks = fake_machine.kicks[smp->vcpus[0].pcpu];

	(void)state;
	console_cmd_run('o', '0');
	assert_int_equal(smp->state, VM_STATE_RUNNING);
	assert_int_equal(smp->request, VM_REQ_OFF);
	assert_true(fake_machine.wakes > 0);
	if (smp->vcpus[0].pcpu != 0) /* the test runs as CPU 0: no self-kick */
		assert_int_equal(fake_machine.kicks[smp->vcpus[0].pcpu], kicks + 1);
	vm_request_run(&smp->vcpus[1]); /* not vCPU 0: not its job */
	assert_int_equal(smp->state, VM_STATE_RUNNING);
	vm_request_run(&smp->vcpus[0]);
	assert_int_equal(smp->state, VM_STATE_OFF);
	assert_int_equal(smp->request, VM_REQ_NONE);
	assert_int_equal(vcpu_state_get(&smp->vcpus[0]), VCPU_STOPPED);
	assert_int_equal(solo->state, VM_STATE_RUNNING);
}

/*
 * Which requests each state takes. Carrying out a start or restart
 * (vm_reset: clear and reload guest RAM) is not run here, the fixture's
 * guest RAM is not host memory: tests/integration/test_console_cmd.py
 * starts a powered-off VM again for real.
 */
static void test_start_powered_off_vm(void **state)
{
	(void)state;
	assert_false(vm_power_off(solo));
	assert_int_equal(vm_request(solo, VM_REQ_OFF), HV_ERR_DENIED);
	console_cmd_run('s', '1');
	assert_int_equal(solo->request, VM_REQ_START);
	assert_int_equal(solo->state, VM_STATE_OFF); /* until its own CPU acts */
}

/* A stopped (faulted) VM can be started too; a running one cannot. */
static void test_start_states(void **state)
{
	(void)state;
	assert_int_equal(vm_request(smp, VM_REQ_START), HV_ERR_EXISTS);
	assert_int_equal(smp->request, VM_REQ_NONE);
	assert_false(vm_stop(smp));
	assert_int_equal(vm_request(smp, VM_REQ_OFF), HV_ERR_DENIED);
	assert_int_equal(vm_request(smp, VM_REQ_START), HV_OK);
	assert_int_equal(smp->request, VM_REQ_START);
}

/* Restart: taken while running or off, refused while a reset is under way. */
static void test_restart_states(void **state)
{
	(void)state;
	console_cmd_run('r', '0');
	assert_int_equal(smp->request, VM_REQ_RESTART);
	assert_false(vm_power_off(solo));
	assert_int_equal(vm_request(solo, VM_REQ_RESTART), HV_OK);
	solo->request = VM_REQ_NONE;
	solo->state = VM_STATE_RESETTING;
	assert_int_equal(vm_request(solo, VM_REQ_RESTART), HV_ERR_DENIED);
}

/* One request at a time; a second one is refused, not queued over it. */
static void test_second_request_busy(void **state)
{
	(void)state;
	assert_int_equal(vm_request(smp, VM_REQ_RESTART), HV_OK);
	assert_int_equal(vm_request(smp, VM_REQ_OFF), HV_ERR_BUSY);
	assert_int_equal(smp->request, VM_REQ_RESTART);
}

/* The guest powered itself off before its CPU saw the OFF request: no-op. */
static void test_request_overtaken_by_guest(void **state)
{
	(void)state;
	assert_int_equal(vm_request(smp, VM_REQ_OFF), HV_OK);
	assert_false(vm_power_off(smp));
	vm_request_run(&smp->vcpus[0]);
	assert_int_equal(smp->state, VM_STATE_OFF);
	assert_int_equal(smp->request, VM_REQ_NONE);
	assert_int_equal(smp->boots, 1);
}

/* An id with no VM, or a key that is not a VM command, changes nothing. */
static void test_bad_id_and_key(void **state)
{
	(void)state;
	console_cmd_run('o', '9');
	console_cmd_run('x', '0');
	console_cmd_run('l', CONSOLE_CMD_NONE);
	for (uint32_t i = 0; i < vmcfg_vm_num; i++) {
		assert_int_equal(vms[i].request, VM_REQ_NONE);
		assert_int_equal(vms[i].state, VM_STATE_RUNNING);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_off_waits_for_own_cpu),
		T(test_start_powered_off_vm),
		T(test_start_states),
		T(test_restart_states),
		T(test_second_request_busy),
		T(test_request_overtaken_by_guest),
		T(test_bad_id_and_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
