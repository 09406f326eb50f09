/*
 * The tracker's upgrade plans against ROOT (tracker.h): each phone's plan
 * worked out with fw/plan.c from ROOT's catalogue, and the table of what
 * each phone address is to be served now, which the TFTP and HTTP servers
 * read (from their own threads: a mutex guards it) through
 * tracker_plan_answer().
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "fw/fw_catalog.h"
#include "fw/loads.h"
#include "fw/plan.h"
#include "model/cisco_file.h"
#include "model/model.h"
#include "track_plan.h"
#include "xmalloc.h"

#define PLAN_ROWS	256	/* phones served by plan at once */
#define PLAN_CFGS	8	/* configurations kept beside a load */

struct plan_row {
	uint32_t	 ip;
	int		 refuse;
	int		 early;		/* a step before the last: bridge, loader */
	char		 term_name[32];			/* "term70.default.loads" */
	char		 term[2 * FW_NAME_MAX];		/* its kept file, or "" */
	int		 term_root;	/* ROOT's own term file is the step's */
	char		 load[FW_NAME_MAX];
	char		 cfg[PLAN_CFGS][FW_NAME_MAX];	/* kept configurations */
	size_t		 ncfg;
};

/*
 * What tells that ROOT's catalogue changed: ROOT itself (an import renames
 * its files in), its state folder, the kept term files' folder and the
 * defaults file (firmware --default), each as stat() sees it.
 */
static const char *const sig_paths[] = { ".", FW_STATE_DIR, FW_TERMS_DIR,
	FW_DEFAULTS };
#define SIG_N		(sizeof sig_paths / sizeof sig_paths[0])
#define SIG_RACY_MS	2000	/* a change this recent may hide another */

struct sig {
	int		 present;
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime, ctime;
};

struct track_plan {
	char			*root;
	int			 rootfd;	/* opened before any privilege drop */
	struct fw_catalog	*cat;
	struct sig		 sig[SIG_N];	/* when cat was read */
	int			 racy;		/* read within SIG_RACY_MS of a change */
	unsigned		 gen;		/* catalogues read */
	pthread_mutex_t		 mu;
	struct plan_row		 rows[PLAN_ROWS];
	size_t			 nrows;
};

struct track_plan *
track_plan_new(const char *root)
{
	struct track_plan	*tp = xcalloc(1, sizeof *tp);

	tp->root = xstrdup(root);
	tp->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	pthread_mutex_init(&tp->mu, NULL);
	(void)track_plan_catalog(tp);	/* before any privilege drop */
	return (tp);
}

void
track_plan_free(struct track_plan *tp)
{
	if (tp == NULL)
		return;
	fw_catalog_free(tp->cat);
	if (tp->rootfd != -1)
		close(tp->rootfd);
	pthread_mutex_destroy(&tp->mu);
	free(tp->root);
	free(tp);
}

/* ROOT's signature now; the newest change in it, in wall ms, into *newest. */
static void
sig_take(const struct track_plan *tp, struct sig sig[SIG_N], uint64_t *newest)
{
	struct stat	 sb;
	char		 path[PATH_MAX];
	uint64_t	 t;
	size_t		 i;

	*newest = 0;
	memset(sig, 0, SIG_N * sizeof *sig);
	for (i = 0; i < SIG_N; i++) {
		snprintf(path, sizeof path, "%s/%s", tp->root, sig_paths[i]);
		if (lstat(path, &sb) != 0)
			continue;
		sig[i].present = 1;
		sig[i].dev = sb.st_dev;
		sig[i].ino = sb.st_ino;
		sig[i].size = sb.st_size;
		sig[i].mtime = sb.st_mtim;
		sig[i].ctime = sb.st_ctim;
		t = (uint64_t)sb.st_ctim.tv_sec * 1000 +
		    (uint64_t)sb.st_ctim.tv_nsec / 1000000;
		if (t > *newest)
			*newest = t;
	}
}

static int
sig_same(const struct sig *a, const struct sig *b)
{
	size_t	 i;

	for (i = 0; i < SIG_N; i++)
		if (a[i].present != b[i].present || a[i].dev != b[i].dev ||
		    a[i].ino != b[i].ino || a[i].size != b[i].size ||
		    a[i].mtime.tv_sec != b[i].mtime.tv_sec ||
		    a[i].mtime.tv_nsec != b[i].mtime.tv_nsec ||
		    a[i].ctime.tv_sec != b[i].ctime.tv_sec ||
		    a[i].ctime.tv_nsec != b[i].ctime.tv_nsec)
			return (0);
	return (1);
}

/*
 * ROOT's catalogue, read again when ROOT changed (an import, a removed
 * load, firmware --default): a few stat() calls, on the loop.  A change
 * within SIG_RACY_MS of the last read may hide one more in the same
 * clock tick (the file system's time stamps are coarse): read again
 * until ROOT has been still that long.
 */
const struct fw_catalog *
track_plan_catalog(struct track_plan *tp)
{
	struct sig		 sig[SIG_N];
	struct fw_catalog	*c;
	struct timespec		 now;
	uint64_t		 newest, now_ms;
	char			 err[256];

	sig_take(tp, sig, &newest);
	if (!sig[0].present)
		return (tp->cat);
	if (tp->cat != NULL && !tp->racy && sig_same(sig, tp->sig))
		return (tp->cat);
	if ((c = fw_catalog_open(tp->root, err, sizeof err)) == NULL)
		return (tp->cat);
	fw_catalog_free(tp->cat);
	tp->cat = c;
	memcpy(tp->sig, sig, sizeof tp->sig);
	clock_gettime(CLOCK_REALTIME, &now);
	now_ms = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
	/* A change far ahead of the clock (set back since): no tick to wait. */
	tp->racy = now_ms < newest + SIG_RACY_MS &&
	    newest < now_ms + SIG_RACY_MS;
	tp->gen++;
	return (c);
}

unsigned
track_plan_generation(struct track_plan *tp)
{
	(void)track_plan_catalog(tp);
	return (tp->gen);
}

/* The version the kept term file (path under ROOT) stands for, or "". */
static void
term_version(struct track_plan *tp, const char *path, char *out,
    size_t outlen)
{
	static char	 buf[65536];	/* main loop only */
	struct loads	 l;
	struct fw_version v;
	char		 err[128];
	ssize_t		 n;
	int		 fd;

	out[0] = '\0';
	if (path[0] == '\0' || tp->rootfd == -1 || (fd = openat(tp->rootfd,
	    path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) == -1)
		return;
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (n > 0 && n < (ssize_t)sizeof buf &&
	    loads_parse(buf, (size_t)n, &l, err, sizeof err) == 0 &&
	    plan_version_of_body(&l, &v) == 0)
		fw_version_str(&v, out, outlen);
}

/* Each step's term file version, where it is not the step's own. */
static void
plan_aliases(struct track_plan *tp, const struct model *m,
    const struct plan *p, char alias[PLAN_MAX_STEPS][32])
{
	struct fw_version_info	 vi[PLAN_MAX_HELD];
	size_t			 n, i, j;

	n = fw_catalog_versions(tp->cat, m, vi, PLAN_MAX_HELD);
	for (i = 0; i < p->nsteps; i++)
		for (j = 0; j < n; j++)
			if (strcmp(vi[j].load->name, p->step[i].load) == 0) {
				term_version(tp, vi[j].term, alias[i], 32);
				if (strcmp(alias[i], p->step[i].ver) == 0)
					alias[i][0] = '\0';
				break;
			}
}

/* phone_plan_fn: the plan for model from running, against ROOT. */
int
track_plan_make(void *arg, const char *model, const char *running,
    enum plan_stage stage, struct plan *out, char alias[PLAN_MAX_STEPS][32])
{
	struct track_plan	*tp = arg;
	const struct fw_catalog	*cat = track_plan_catalog(tp);
	struct plan_in		 in;

	memset(&in, 0, sizeof in);
	if (cat == NULL || (in.model = model_find(model)) == NULL)
		return (-1);
	in.stage = stage;
	(void)plan_parse_running(running, &in.running);
	in.nheld = plan_held_from_catalog(cat, in.model, in.held,
	    PLAN_MAX_HELD);
	if (in.nheld == 0)
		return (-1);		/* nothing for it: ROOT's default rules */
	in.target = plan_served_target(cat, &in);
	plan_make(&in, out);
	plan_aliases(tp, in.model, out, alias);
	return (0);
}

/*
 * Is name a configuration answered by plan: its own, XMLDefault,
 * OS79XX.TXT and SIP/SEPDefault (a 7940/7960's load pointers); never a
 * trust list.
 */
static int
plan_config(const char *base)
{
	uint8_t	 mac[6];
	int	 has_mac;

	return (cisco_file_classify(base, mac, &has_mac) == CF_CONFIG &&
	    !cisco_file_is_trust_list(base));
}

/* The files kept for load (model m's term file, the configurations). */
static void
row_files(struct track_plan *tp, struct plan_row *r, const struct model *m)
{
	struct fw_version_info	 vi[PLAN_MAX_HELD];
	const struct fw_catalog	*cat = tp->cat;
	size_t			 n, i, k;

	if (cat == NULL)
		return;
	n = fw_catalog_versions(cat, m, vi, PLAN_MAX_HELD);
	for (i = 0; i < n; i++) {
		if (strcmp(vi[i].load->name, r->load) != 0)
			continue;
		strlcpy(r->term, vi[i].term, sizeof r->term);
		r->term_root = vi[i].active;
		for (k = 0; k < vi[i].load->nstored && r->ncfg < PLAN_CFGS;
		    k++)
			if (plan_config(vi[i].load->stored[k]) &&
			    model_from_term_file(vi[i].load->stored[k]) ==
			    NULL)
				strlcpy(r->cfg[r->ncfg++],
				    vi[i].load->stored[k], sizeof r->cfg[0]);
		return;
	}
}

/* phones_opts.assign: what the phone at ip is to be served now. */
void
track_plan_assign(void *arg, uint32_t ip, const char *model,
    const char *load, int refuse, int early)
{
	struct track_plan	*tp = arg;
	const struct model	*m = model_find(model);
	struct plan_row		 r, *slot = NULL;
	size_t			 i;

	memset(&r, 0, sizeof r);
	r.ip = ip;
	r.refuse = refuse;
	r.early = early;
	if (m != NULL)
		strlcpy(r.term_name, m->term, sizeof r.term_name);
	if (load != NULL && m != NULL) {
		strlcpy(r.load, load, sizeof r.load);
		row_files(tp, &r, m);
	}
	pthread_mutex_lock(&tp->mu);
	for (i = 0; i < tp->nrows && slot == NULL; i++)
		if (tp->rows[i].ip == ip)
			slot = &tp->rows[i];
	if (slot == NULL && tp->nrows < PLAN_ROWS)
		slot = &tp->rows[tp->nrows++];
	if (slot != NULL) {
		if (!refuse && load == NULL)
			*slot = tp->rows[--tp->nrows];	/* ROOT's own, as before */
		else
			*slot = r;
	}
	pthread_mutex_unlock(&tp->mu);
}


static int
row_answer(const struct plan_row *r, const char *base, char *out,
    size_t outlen)
{
	size_t	 i;

	if (r->term_name[0] != '\0' && strcasecmp(base, r->term_name) == 0) {
		if (r->refuse)
			return (-1);
		if (r->term[0] != '\0') {
			snprintf(out, outlen, "%s", r->term);
			return (1);
		}
		/*
		 * No kept term file of the step's load (an import not done
		 * yet: they are stored last; one removed): ROOT's own names
		 * another load, which could be one the phone cannot take.
		 */
		return (r->term_root || r->load[0] == '\0' ? 0 : -1);
	}
	if (!plan_config(base))
		return (0);
	if (r->refuse)
		return (-1);
	for (i = 0; i < r->ncfg; i++)
		if (strcasecmp(r->cfg[i], base) == 0) {
			snprintf(out, outlen, "%s/%s/%s", FW_TERMS_DIR,
			    r->load, r->cfg[i]);
			return (1);
		}
	return (0);
}

/*
 * At a step before the last, ROOT's own configuration naming another
 * load than the step's (XMLDefault naming the target) would send the
 * phone past its bridge (Auth Fail): withheld, as missing, until it runs
 * the bridge; its term file names the step.  A configuration naming no
 * load, or the step's, is served.
 */
static int
withheld(int rootfd, const struct plan_row *r, const char *base)
{
	char	 buf[16384];
	ssize_t	 n;
	int	 fd, rc;

	if (rootfd == -1 || (fd = openat(rootfd, base, O_RDONLY | O_CLOEXEC |
	    O_NOFOLLOW | O_NONBLOCK)) == -1)
		return (0);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return (0);
	buf[n] = '\0';
	rc = strstr(buf, "loadInformation") != NULL &&
	    strstr(buf, r->load) == NULL;
	return (rc);
}

int
track_plan_answer(struct track_plan *tp, uint32_t ip, const char *name,
    char *out, size_t outlen)
{
	const char	*base = cisco_file_base(name);
	struct plan_row	 r;
	size_t		 i;
	int		 rc, found = 0;

	if (strchr(name, '/') != NULL)
		return (0);		/* only ROOT's flat names */
	pthread_mutex_lock(&tp->mu);
	for (i = 0; i < tp->nrows; i++)
		if (tp->rows[i].ip == ip) {
			r = tp->rows[i];
			found = 1;
			break;
		}
	pthread_mutex_unlock(&tp->mu);
	if (!found)
		return (0);
	rc = row_answer(&r, base, out, outlen);
	if (rc == 0 && r.early && r.load[0] != '\0' && plan_config(base) &&
	    withheld(tp->rootfd, &r, base))
		rc = -1;
	return (rc);
}
