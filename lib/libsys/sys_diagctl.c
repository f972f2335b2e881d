/*
 * sys_diag_print, sys_diag_log, sys_test_selected - SYS_DIAGCTL: print
 * whole lines, log a kernel line at a level, report test= items.
 */
#include <string.h>
#include <syslib.h>

static int diagctl(int code, const char *text, size_t len, uint32_t arg)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.diagctl.code = code;
	m.diagctl.buf = (vir_bytes)text;
	m.diagctl.len = len;
	m.diagctl.arg = arg;
	return kernel_call_short(SYS_DIAGCTL, &m);
}

int sys_diag_print(const char *text, size_t len)
{
	return diagctl(DIAG_PRINT, text, len, 0);
}

int sys_diag_log(unsigned level, const char *text, size_t len)
{
	return diagctl(DIAG_LOG, text, len, level);
}

int sys_test_selected(uint32_t items)
{
	return diagctl(DIAG_TEST_SELECTED, NULL, 0, items);
}
