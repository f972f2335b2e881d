/*
 * sys_diag_print - SYS_DIAGCTL with DIAG_PRINT: print whole lines.
 */
#include <string.h>
#include <syslib.h>

int sys_diag_print(const char *text, size_t len)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.diagctl.code = DIAG_PRINT;
	m.diagctl.buf = (vir_bytes)text;
	m.diagctl.len = len;
	return kernel_call_short(SYS_DIAGCTL, &m);
}
