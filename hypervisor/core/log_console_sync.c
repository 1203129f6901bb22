/* SPDX-License-Identifier: Apache-2.0 */
/* log_sync() when the console multiplexer is linked (it buffers lines). */
#include <hv/console.h>
#include <hv/log.h>

void log_sync(void)
{
	console_sync();
}
