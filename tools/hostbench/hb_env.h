/*
 * tools/hostbench/hb_env.h - the host environment of host_env.c.
 */
#ifndef HB_ENV_H
#define HB_ENV_H

#include <stdint.h>

extern uint8_t hb_user_memory[1 << 16];	/* "user memory": vir_bytes are offsets */

void hb_env_reset(unsigned live);	/* CPUs 0 and 1; processes in slots 1..live */
void hb_set_cpu(int id);		/* the calling thread's CPU, for the spinlocks */

/*
 * hb_thread.c: one helper thread running fn; one step of a spin-wait
 * (pause, and every 256th time a sched_yield, so that a busy host that
 * runs both threads on one CPU still makes progress); host CPUs online.
 */
void hb_thread_start(void (*fn)(void));
void hb_thread_join(void);
void hb_relax(unsigned *spins);
long hb_host_cpus(void);

#endif /* HB_ENV_H */
