/*
 * The tracker wired to ROOT (tracker.h, issue 20): an import while it
 * runs plans its phones again at once when the wizard's own import says
 * it is done (fw_import), with no event from the phone and no tick; and
 * at a phone's boot (its lease, or the DHCP engine's bind before its
 * ACK), before its requests.
 */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "compat.h"
#include "ev.h"
#include "track/tracker.h"
#include "../tap.h"
#include "fw_testutil.h"

static char	 told[8][EV_TEXT_LEN];
static int	 ntold;

static void
sink(const struct ev *e, void *arg)
{
	(void)arg;
	if (e->type == EV_NOTICE && strncmp(e->u.notice.code, "plan_", 5) ==
	    0 && ntold < 8)
		strlcpy(told[ntold++], e->u.notice.text, sizeof told[0]);
}

static void
post_lease(void)
{
	struct ev	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_LEASE;
	strlcpy(ev.u.lease.mac, "00:1b:d4:a1:70:70", sizeof ev.u.lease.mac);
	ev.u.lease.ip = inet_addr("198.18.5.70");
	strlcpy(ev.u.lease.vendor_class, "Cisco Systems, Inc. IP Phone "
	    "CP-7970G", sizeof ev.u.lease.vendor_class);
	strlcpy(ev.u.lease.model, "7970", sizeof ev.u.lease.model);
	ev.u.lease.state = EV_LEASE_ACK;
	bus_post(&ev);
	(void)bus_dispatch();
}

static void
post_import(enum ev_fw_stage stage)
{
	struct ev	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_FW_IMPORT;
	strlcpy(ev.u.fw.archive, "bundle.zip", sizeof ev.u.fw.archive);
	ev.u.fw.stage = stage;
	bus_post(&ev);
	(void)bus_dispatch();
}

static int
told_with(const char *s)
{
	int	 i;

	for (i = 0; i < ntold; i++)
		if (strstr(told[i], s) != NULL)
			return (1);
	return (0);
}

int
main(void)
{
	char		 dir[] = "/tmp/test_tracker_plan.XXXXXX", path[600];
	struct bus_sink	*s;
	struct tracker	*tr;

	plan(6);
	if (mkdtemp(dir) == NULL)
		return (99);
	put_load70(dir, "SIP70.9-4-2SR3-1S", "9-4-2ES26");
	s = bus_subscribe(EV_MASK_ALL, sink, NULL);
	tr = tracker_open(NULL, &(struct tracker_opts){ .root = dir,
	    .engines = 1, .plans = 1 });
	post_lease();
	ok(told_with("unknown -> 9.4(2)SR3-1, step 1 of 1"),
	    "a 7970 of unknown load: direct to 9.4(2)SR3");
	/* A newer load lands in ROOT: nothing says so yet. */
	put_load70(dir, "SIP70.9-4-3S", "9-4-3-1");
	ntold = 0;
	post_import(EV_FW_READING);
	is_int(ntold, 0, "an import under way: nothing planned yet");
	post_import(EV_FW_DONE);
	ok(told_with("ROOT changed: unknown -> 9.4(3), step 1 of 1"),
	    "the wizard's import done: planned again at once");
	ntold = 0;
	post_import(EV_FW_DONE);
	post_import(EV_FW_DONE);
	ok(!told_with("ROOT changed"), "ROOT the same: not told again");
	/* An import from another terminal, then the phone's next boot. */
	put_load70(dir, "SIP70.9-4-4S", "9-4-4-1");
	ntold = 0;
	post_lease();
	ok(told_with("ROOT changed: unknown -> 9.4(4), step 1 of 1"),
	    "ROOT changed, the phone boots: planned again before its "
	    "requests");
	/* The DHCP engine's bind, before its ACK leaves: no event yet. */
	put_load70(dir, "SIP70.9-4-5S", "9-4-5-1");
	ntold = 0;
	tracker_bind(tr, (const uint8_t[6]){ 0x00, 0x1b, 0xd4, 0xa1, 0x70,
	    0x70 }, inet_addr("198.18.5.70"), "Cisco Systems, Inc. IP Phone "
	    "CP-7970G", "7970", 1);
	(void)bus_dispatch();
	ok(told_with("ROOT changed: unknown -> 9.4(5), step 1 of 1"),
	    "ROOT changed, the DHCP engine binds the phone: planned again "
	    "before the ACK leaves");
	tracker_close(tr);
	bus_unsubscribe(s);
	bus_reset();
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		diag("could not remove %s", dir);
	return (done_testing());
}
