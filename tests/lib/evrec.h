/*
 * evrec.h: the unit tests' event recorder and matcher.  evrec_cb() is a bus
 * sink that keeps copies of what it is given; evrec_find() dispatches the
 * bus and returns the first event of a type; ev_get() reads any field as
 * the printers print it ("198.18.0.2:4321", "offer", "warn"), through the
 * schema (core/ev.h), so a test matches the wire words without knowing how
 * a field is stored.
 *
 *	bus_subscribe(EV_MASK_ALL, evrec_cb, NULL);
 *	...
 *	e = evrec_find(EV_DHCP_LEASE);
 *	is_str(ev_get(e, "state"), "offer", "an offer");
 */
#ifndef TESTS_EVREC_H
#define TESTS_EVREC_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "ev.h"

/* A test with its own store defines EVREC_MATCH_ONLY: ev_get() alone. */
#ifndef EVREC_MATCH_ONLY
#ifndef EVREC_MAX
#define EVREC_MAX	64
#endif

static struct ev	 evs[EVREC_MAX];
static size_t		 nevs;

static void __attribute__((unused))
evrec_cb(const struct ev *e, void *arg)
{
	(void)arg;
	if (nevs < EVREC_MAX)
		evs[nevs++] = *e;
}

/* The first event of type t recorded from the from-th on (after a
 * bus_dispatch), or NULL. */
static __attribute__((unused)) const struct ev *
evrec_find_from(enum ev_type t, size_t from)
{
	size_t	 i;

	bus_dispatch();
	for (i = from; i < nevs; i++) {
		if (evs[i].type == t)
			return (&evs[i]);
	}
	return (NULL);
}

static __attribute__((unused)) const struct ev *
evrec_find(enum ev_type t)
{
	return (evrec_find_from(t, 0));
}

/* How many recorded events have type t. */
static size_t __attribute__((unused))
evrec_count(enum ev_type t)
{
	size_t	 i, n = 0;

	bus_dispatch();
	for (i = 0; i < nevs; i++)
		n += evs[i].type == t;
	return (n);
}

static void __attribute__((unused))
evrec_clear(void)
{
	bus_dispatch();
	nevs = 0;
}

#endif /* !EVREC_MATCH_ONLY */

/*
 * Field key of e as printed, "" when the event leaves it out (an empty
 * optional field) and "(no such field)" for a key its schema lacks.  Four
 * rotating buffers, so one assertion may compare a few.
 */
static __attribute__((unused)) const char *
ev_get(const struct ev *e, const char *key)
{
	static char		 buf[4][EV_NAME_LEN];
	static unsigned		 k;
	const struct ev_field	*f;
	char			*b = buf[k++ % 4];

	if (e == NULL)
		return ("(no event)");
	if ((f = ev_field_find(e->type, key)) == NULL)
		return ("(no such field)");
	b[0] = '\0';
	if (ev_field_present(e, f))
		ev_field_str(e, f, b, EV_NAME_LEN);
	return (b);
}

/* Set field key of e from its printed form; aborts on a bad key or value. */
static void __attribute__((unused))
ev_put(struct ev *e, const char *key, const char *val)
{
	const struct ev_field	*f;

	if ((f = ev_field_find(e->type, key)) == NULL ||
	    ev_field_set(e, f, val) != 0) {
		fprintf(stderr, "ev_put: %s %s=%s refused\n", ev_name(e->type),
		    key, val);
		abort();
	}
}

#endif /* TESTS_EVREC_H */
