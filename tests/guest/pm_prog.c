/*
 * tests/guest/pm_prog.c - the boot-image program the pm tests exec.
 * Started at boot without arguments it just ends.  `pm_prog argv a1 b2`
 * (pm.exec_argv, through PM) and `pm_prog kexit a1 b2`
 * (pm.kcall_exec_bootmod, SYS_EXEC by a test acting as PM, in a SYSTEM
 * process) check that they got exactly those arguments with the module's
 * name as argv[0]; `argv` also checks its pid and parent from PM and ends
 * through PM, `kexit` ends itself (SYS_EXIT).  Status 7 when all is
 * right, else the line of the failed check.
 */
#include <string.h>
#include <syslib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc == 1)
		return 0;
	if (argc != 4 || strcmp(argv[0], "pm_prog") || strcmp(argv[2], "a1") ||
	    strcmp(argv[3], "b2"))
		return __LINE__;
	if (!strcmp(argv[1], "kexit"))
		sys_exit(7);
	if (strcmp(argv[1], "argv"))
		return __LINE__;
	if (getpid() <= 1 || getppid() <= 1)
		return __LINE__;
	return 7;
}
