/*
 * tests/guest/pm_prog.c - the boot-image program pm_test execs
 * (pm.exec_argv).  Started at boot without arguments it just ends; run as
 * `pm_prog argv A B` it checks that it got exactly those arguments, with
 * its own name as argv[0], and a pid and parent from PM, and ends with
 * status 7 (anything else: the line of the failed check).
 */
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc == 1)
		return 0;
	if (argc != 4 || strcmp(argv[0], "pm_prog") || strcmp(argv[1], "argv") ||
	    strcmp(argv[2], "a1") || strcmp(argv[3], "b2"))
		return __LINE__;
	if (getpid() <= 1 || getppid() <= 1)
		return __LINE__;
	return 7;
}
