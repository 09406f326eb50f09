/* Monotonic and wall clocks, replaceable by a fake one in tests. */
#include "config.h"

#include <time.h>

#include "clock.h"

static const uint64_t	*fake_now;

static uint64_t
read_clock_us(clockid_t id)
{
	struct timespec	 ts;

	if (clock_gettime(id, &ts) != 0)
		return (0);
	return ((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

uint64_t
clock_now_ms(void)
{
	if (fake_now != NULL)
		return (*fake_now);
	return (read_clock_us(CLOCK_MONOTONIC) / 1000u);
}

uint64_t
clock_now_us(void)
{
	if (fake_now != NULL)
		return (*fake_now * 1000u);
	return (read_clock_us(CLOCK_MONOTONIC));
}

uint64_t
clock_wall_ms(void)
{
	if (fake_now != NULL)
		return (*fake_now);
	return (read_clock_us(CLOCK_REALTIME) / 1000u);
}

void
clock_set_fake(const uint64_t *now_ms)
{
	fake_now = now_ms;
}

int
clock_is_fake(void)
{
	return (fake_now != NULL);
}
