/* tools/linuxproc/hello.c - what proc/exec's child runs on Linux: it ends at once. */
int main(void)
{
	return 0;
}
