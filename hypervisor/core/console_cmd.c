/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console's command mode (hv/console.h): Ctrl-A l lists the VMs,
 * Ctrl-A r/o/s <id> restarts, powers off or starts one, as AxVisor's
 * `vm list/restart/stop/start` do. The requests are carried out on the VM's
 * own CPU (vm_request()); this file only parses and reports.
 */
#include <hv/console.h>
#include <hv/log.h>
#include <hv/vm.h>
#include <hv/vmconfig.h>

static const char *state_name(enum vm_state st)
{
	switch (st) {
	case VM_STATE_RUNNING:
		return "running";
	case VM_STATE_RESETTING:
		return "resetting";
	case VM_STATE_STOPPED:
		return "stopped (fault)";
	default:
		return "off";
	}
}

static void cmd_list(void)
{
	for (uint32_t i = 0; i < vmcfg_vm_num; i++)
		LOG("console: vm %u %s: %s, %u vCPU(s), boot %u", i, vms[i].cfg->name,
		    state_name(__atomic_load_n(&vms[i].state, __ATOMIC_ACQUIRE)),
		    vms[i].cfg->vcpu_num, vms[i].boots);
}

static const char *req_refusal(enum hv_err err)
{
	switch (err) {
	case HV_ERR_EXISTS:
		return "it is running (Ctrl-A r restarts it)";
	case HV_ERR_DENIED:
		return "it is not running";
	case HV_ERR_BUSY:
		return "an earlier command for it is still pending";
	default:
		return hv_strerror(err);
	}
}

static void cmd_vm(char key, uint32_t id)
{
	enum vm_request req = key == 'r' ? VM_REQ_RESTART :
			      key == 'o' ? VM_REQ_OFF : VM_REQ_START;
	enum hv_err err;

	if (id >= vmcfg_vm_num) {
		LOG("console: no vm %u (Ctrl-A l lists them)", id);
		return;
	}
	err = vm_request(&vms[id], req);
	if (err)
		LOG("console: vm %u %s: not done: %s", id, vms[id].cfg->name,
		    req_refusal(err));
}

void console_cmd_run(char key, char arg)
{
	if (key == 'l')
		cmd_list();
	else if (key == 'r' || key == 'o' || key == 's')
		cmd_vm(key, (uint32_t)(arg - '0'));
}

void console_cmd_init(void)
{
	console_set_cmd_handler(console_cmd_run);
	LOG("console: input goes to one VM; Ctrl-A x3 switches, Ctrl-A h lists the "
	    "commands (l list, r/o/s <id> restart/off/start); Ctrl-T x quits QEMU (make run)");
}
