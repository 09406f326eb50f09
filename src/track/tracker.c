/*
 * The phone tracker's io layer (tracker.h): the table's events onto the
 * bus, our engines' events into it through the bus's annotate hook, the
 * hint timer on the loop, and the TFTP root's .loads files read for the
 * component count.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "loop.h"
#include "phones.h"
#include "track_plan.h"
#include "tracker.h"
#include "tunables.h"
#include "xmalloc.h"

#define LOADS_READ_MAX	65536	/* a .loads is under 1 KiB; a bigger file is not one */

struct tracker {
	struct loop		*loop;
	struct phones		*phones;
	char			*root;
	int			 rootfd;	/* ROOT, opened before any drop; -1 */
	int			 engines;
	struct loop_timer	 tick_timer;
	struct track_plan	*plans;		/* NULL: one load for all */
	unsigned		 plan_gen;	/* ROOT's catalogue the plans saw */
};

/* ROOT's catalogue changed since the plans were made: plan again. */
static void
tracker_plans_check(struct tracker *tr, uint64_t now)
{
	unsigned	 gen;

	if (tr->plans == NULL ||
	    (gen = track_plan_generation(tr->plans)) == tr->plan_gen)
		return;
	tr->plan_gen = gen;
	phones_replan(tr->phones, now);
}

/* The table's emit hook: onto the bus. */
static void
tracker_post(const struct ev *ev, void *arg)
{
	(void)arg;
	bus_post(ev);
}

/* The bus's annotate hook: our engines' events, before any sink. */
static void
tracker_annotate(struct ev *ev, void *arg)
{
	struct tracker	*tr = arg;

	/* A phone's boot: ROOT as it is now before its requests. */
	if (ev->type == EV_DHCP_LEASE)
		tracker_plans_check(tr, clock_wall_ms());
	phones_event(tr->phones, ev, ev->wall_ms != 0 ? ev->wall_ms :
	    clock_wall_ms());
	/* The wizard's own import: its phones planned again at once. */
	if (ev->type == EV_FW_IMPORT && ev->u.fw.stage == EV_FW_DONE)
		tracker_plans_check(tr, clock_wall_ms());
}

/*
 * Open a file in ROOT that anyone who can write there may have placed:
 * never through a link, never waiting (a FIFO would block the loop), and
 * only a regular file.  -1 with errno otherwise.
 */
static int
open_plain(int dfd, const char *name)
{
	struct stat	 sb;
	int		 fd;

	if ((fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK | O_NOCTTY)) == -1)
		return (-1);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return (-1);
	}
	return (fd);
}

/* name in ROOT as the TFTP server finds it: base name, case ignored. */
static int
open_in_root(struct tracker *tr, const char *name)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd;

	/* ROOT may only appear later (the wizard imports into it). */
	if (tr->rootfd == -1)
		tr->rootfd = open(tr->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
		    O_NONBLOCK);
	if (tr->rootfd == -1)
		return (-1);
	if ((fd = open_plain(tr->rootfd, name)) != -1 || errno != ENOENT ||
	    (d = fdopendir(dup(tr->rootfd))) == NULL)
		return (fd);
	/* The dup shares rootfd's offset: the last scan left it at the end. */
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcasecmp(de->d_name, name) == 0) {
			fd = open_plain(tr->rootfd, de->d_name);
			break;
		}
	}
	closedir(d);
	return (fd);
}

/* The components of a .loads file in the TFTP root; 0 if absent. */
static unsigned
tracker_loads_count(void *arg, const char *name)
{
	struct tracker	*tr = arg;
	uint8_t		*buf;
	ssize_t		 n;
	unsigned	 count = 0;
	int		 fd;

	if (tr->root == NULL || name[0] == '\0' || name[0] == '.' ||
	    strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
		return (0);
	if ((fd = open_in_root(tr, name)) == -1)
		return (0);
	/* Per-packet path: a plain malloc, and no count on failure. */
	if ((buf = malloc(LOADS_READ_MAX)) != NULL) {
		n = read(fd, buf, LOADS_READ_MAX);
		if (n > 0 && n < LOADS_READ_MAX)
			count = phones_loads_components(buf, (size_t)n);
		free(buf);
	}
	close(fd);
	return (count);
}

/* Time-driven hints, for phones that went quiet in the wrong phase. */
static void
tracker_tick_timer(void *arg)
{
	struct tracker	*tr = arg;

	tracker_plans_check(tr, clock_wall_ms());
	phones_tick(tr->phones, clock_wall_ms());
	loop_timer_set(tr->loop, &tr->tick_timer, clock_now_ms() +
	    SNIFF_TICK_MS, tracker_tick_timer, tr);
}

struct tracker *
tracker_open(struct loop *loop, const struct tracker_opts *o)
{
	struct phones_opts	 po;
	struct tracker		*tr;

	tr = xcalloc(1, sizeof *tr);
	tr->loop = loop;
	/* ROOT open from the start: readable after privileges are dropped. */
	tr->root = o->root != NULL ? xstrdup(o->root) : NULL;
	tr->rootfd = o->root != NULL ? open(o->root, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC | O_NONBLOCK) : -1;
	memset(&po, 0, sizeof po);
	po.our_addr = o->our_addr;
	memcpy(po.our_mac, o->our_mac, 6);
	po.loads_count = tracker_loads_count;
	po.loads_arg = tr;
	po.emit = tracker_post;
	if (o->plans && o->root != NULL) {
		tr->plans = track_plan_new(o->root);
		tr->plan_gen = track_plan_generation(tr->plans);
		po.plan = track_plan_make;
		po.plan_arg = tr->plans;
		po.assign = track_plan_assign;
		po.assign_arg = tr->plans;
	}
	tr->phones = phones_new(&po);
	tr->engines = o->engines;
	if (tr->engines)
		bus_set_annotate(tracker_annotate, tr);
	if (loop != NULL)
		loop_timer_set(loop, &tr->tick_timer, clock_now_ms() +
		    SNIFF_TICK_MS, tracker_tick_timer, tr);
	return (tr);
}

void
tracker_close(struct tracker *tr)
{
	if (tr == NULL)
		return;
	if (tr->engines)
		bus_set_annotate(NULL, NULL);
	if (tr->loop != NULL)
		loop_timer_cancel(tr->loop, &tr->tick_timer);
	phones_free(tr->phones);
	track_plan_free(tr->plans);
	if (tr->rootfd != -1)
		close(tr->rootfd);
	free(tr->root);
	free(tr);
}

int
tracker_frame(void *arg, int link, const uint8_t *pkt, size_t len,
    uint64_t ts)
{
	struct tracker	*tr = arg;

	return (phones_frame_link(tr->phones, link, pkt, len, ts));
}

void
tracker_frames(struct tracker *tr, int on)
{
	phones_set_frames(tr->phones, on);
}

void
tracker_finish(struct tracker *tr)
{
	phones_finish(tr->phones);
}

struct phones *
tracker_phones(const struct tracker *tr)
{
	return (tr->phones);
}

void
tracker_bind(struct tracker *tr, const uint8_t mac[6], uint32_t ip,
    const char *vendor_class, const char *model, int bound)
{
	if (tr == NULL)
		return;
	/* As for a lease event: ROOT as it is now, before the ACK leaves. */
	if (bound) {
		tracker_plans_check(tr, clock_wall_ms());
		phones_bind(tr->phones, mac, ip, vendor_class, model,
		    clock_wall_ms());
	} else
		phones_unbind(tr->phones, mac, ip);
}

int
tracker_plan_answer(void *arg, uint32_t ip, const char *name, char *out,
    size_t outlen)
{
	struct tracker	*tr = arg;

	if (tr == NULL || tr->plans == NULL)
		return (0);
	return (track_plan_answer(tr->plans, ip, name, out, outlen));
}
