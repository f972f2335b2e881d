/*
 * arch/i386/serial.c - the console: a 16550 UART on COM1, polled output.
 *
 * Callers serialise (kernel/console.c holds the console lock around whole
 * lines), so this file has no lock of its own.
 */
#include <arch/arch.h>
#include <arch/x86.h>

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_THR_EMPTY	0x20
#define BAUD_DIVISOR	1	/* 115200 baud */

void arch_console_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, BAUD_DIVISOR);
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07);	/* enable and clear the FIFOs */
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
}

static void put(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		cpu_relax();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void arch_console_write(const char *s, unsigned len)
{
	for (unsigned i = 0; i < len; i++) {
		if (s[i] == '\n')
			put('\r');
		put(s[i]);
	}
}
