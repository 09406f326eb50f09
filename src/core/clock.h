/*
 * clock.h: the only source of time for the engines.
 *
 * clock_now_ms() is CLOCK_MONOTONIC in milliseconds; clock_wall_ms() is the
 * real-time clock, used only to stamp events for people.  Tests replace both
 * with clock_set_fake() and step time forward without sleeping.
 */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include <stdint.h>

uint64_t	 clock_now_ms(void);
uint64_t	 clock_now_us(void);
uint64_t	 clock_wall_ms(void);
/* Point the clock at *now_ms (monotonic and wall alike); NULL restores the real one. */
void		 clock_set_fake(const uint64_t *now_ms);
int		 clock_is_fake(void);

#endif /* CORE_CLOCK_H */
