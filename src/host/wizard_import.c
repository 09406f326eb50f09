/*
 * The wizard's firmware and config actions.  An import runs
 * fw_import_archive() in a child process, so the loop (keys, packets,
 * redraws) never waits on libarchive; the child reports its manifest as
 * lines on a pipe, and the parent posts EV_FW_IMPORT events, with
 * progress estimated from the bytes already in the staging directory.
 * Writing a SEP<MAC>.cnf.xml goes through the config engine (cfgxml.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "cfg/cfgxml.h"
#include "clock.h"
#include "compat.h"
#include "flow/wizard.h"
#include "fw/fw_catalog.h"
#include "fw/fw_import.h"
#include "log.h"
#include "loop.h"
#include "model/model.h"
#include "sbuf.h"
#include "host/wizard_app.h"
#include "xmalloc.h"

#define IMPORT_POLL_MS	250	/* progress a few times a second */

struct wizard_import {
	struct loop		*loop;
	pid_t			 pid;
	int			 fd;
	char			 path[1024];
	char			 root[1024];
	uint64_t		 total;		/* archive size, 0 if unknown */
	struct sbuf		 in;
	unsigned		 files, models;
	int			 finished;
	struct loop_timer	 poll;
};

static void
import_post(struct wizard_import *im, enum ev_fw_stage stage, uint64_t bytes,
    const char *text)
{
	struct ev	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_FW_IMPORT;
	strlcpy(ev.u.fw.archive, im->path, sizeof ev.u.fw.archive);
	ev.u.fw.stage = stage;
	ev.u.fw.bytes = bytes;
	ev.u.fw.total = im->total;
	ev.u.fw.files = im->files;
	ev.u.fw.models = im->models;
	if (text != NULL)
		strlcpy(ev.u.fw.text, text, sizeof ev.u.fw.text);
	bus_post(&ev);
}

static volatile sig_atomic_t child_stop;

static void
child_on_term(int sig)
{
	child_stop = sig;
}

/* Child side: one line per fact, then "done" or "fail". */
static void __attribute__((noreturn))
import_child(int fd, const char *path, const char *root, const char *server)
{
	struct fw_import_opts	 o;
	struct fw_manifest	 m;
	struct cfgxml_opts	 co;
	char			 err[FW_ERRBUF_SIZE], msg[512];
	FILE			*f;
	size_t			 i, j, models = 0;

	/* Not the parent's self-pipe: the parent decides, SIGTERM ends us */
	loop_signals_forked(0);
	signal(SIGINT, SIG_IGN);
	/* ... through the importer's stop flag: never half-way in a commit. */
	signal(SIGTERM, child_on_term);
	if ((f = fdopen(fd, "w")) == NULL)
		_exit(1);
	memset(&o, 0, sizeof o);
	memset(&m, 0, sizeof m);
	o.stop = &child_stop;
	if (mkdir(root, 0755) != 0 && errno != EEXIST) {
		fprintf(f, "fail %s: %s\n", root, strerror(errno));
		fclose(f);
		_exit(1);
	}
	if (fw_import_archive(path, root, &o, &m, err) != 0) {
		for (i = 0; i < m.nnotes; i++)
			fprintf(f, "note %s\n", m.notes[i]);
		fprintf(f, "fail %s\n", err);
		fclose(f);
		_exit(1);
	}
	if (m.known == FW_KNOWN_VERIFIED)
		fprintf(f, "info verified: %s (%s): MD5, SHA-1 and SHA-512 match\n",
		    m.kn.file, m.kn.desc);
	else if (m.known == FW_KNOWN_MISMATCH)
		fprintf(f, "note named like %s, but its checksums differ from the "
		    "published ones: a damaged or altered download\n", m.kn.file);
	for (i = 0; i < m.nserves; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(m.serves[j].model, m.serves[i].model) == 0)
				break;
		}
		models += j == i;
		fprintf(f, "info serves %s with %s\n", m.serves[i].model,
		    m.serves[i].load);
	}
	for (i = 0; i < m.nnotes; i++)
		fprintf(f, "note %s\n", m.notes[i]);
	memset(&co, 0, sizeof co);
	co.server = server != NULL && server[0] != '\0' ? server : NULL;
	if (cfgxml_refresh_default(root, &co, 0, msg, sizeof msg) < 0)
		fprintf(f, "note %s\n", msg);
	else
		fprintf(f, "info %s\n", msg);
	fprintf(f, "done %zu %zu %s\n", m.nfiles, models, m.kind);
	fw_manifest_free(&m);
	fclose(f);
	_exit(0);
}

/* Bytes already written into the child's staging directory. */
static uint64_t
import_staged(const struct wizard_import *im)
{
	char		 dir[1200], p[1600];
	struct dirent	*de;
	struct stat	 st;
	uint64_t	 sum = 0;
	DIR		*d;

	snprintf(dir, sizeof dir, "%s/%s%ld", im->root, FW_STAGING_PREFIX,
	    (long)im->pid);
	if ((d = opendir(dir)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			sum += (uint64_t)st.st_size;
	}
	closedir(d);
	return (sum);
}

static void
import_poll_cb(void *arg)
{
	struct wizard_import	*im = arg;
	uint64_t		 b = import_staged(im);

	if (im->finished)
		return;
	if (im->total != 0 && b >= im->total)
		b = im->total - 1;	/* 100 % only when it is done */
	import_post(im, EV_FW_READING, b, NULL);
	loop_timer_set(im->loop, &im->poll, clock_now_ms() + IMPORT_POLL_MS,
	    import_poll_cb, im);
}

/* One line from the child. */
static void
import_line(struct wizard_import *im, char *line)
{
	unsigned	 files = 0, models = 0;
	char		 kind[16];

	if (strncmp(line, "note ", 5) == 0)
		import_post(im, EV_FW_WARNING, 0, line + 5);
	else if (strncmp(line, "info ", 5) == 0)
		import_post(im, EV_FW_INFO, 0, line + 5);
	else if (strncmp(line, "fail ", 5) == 0) {
		im->finished = 1;
		import_post(im, EV_FW_FAILED, 0, line + 5);
	} else if (sscanf(line, "done %u %u %15s", &files, &models, kind) >= 2) {
		im->finished = 1;
		im->files = files;
		im->models = models;
		import_post(im, EV_FW_DONE, im->total, NULL);
	}
}

static void
import_read_cb(int fd, short revents, void *arg)
{
	struct wizard_import	*im = arg;
	char			 buf[1024], *nl;
	ssize_t			 n;
	int			 status;

	(void)revents;
	n = read(fd, buf, sizeof buf);
	if (n > 0) {
		sbuf_add(&im->in, buf, (size_t)n);
		while (im->in.len > 0 && (nl = memchr(im->in.buf, '\n',
		    im->in.len)) != NULL) {
			size_t len = (size_t)(nl - im->in.buf) + 1;
			*nl = '\0';
			import_line(im, im->in.buf);
			memmove(im->in.buf, im->in.buf + len, im->in.len - len);
			im->in.len -= len;
			im->in.buf[im->in.len] = '\0';
		}
		return;
	}
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	loop_del_fd(im->loop, fd);
	close(fd);
	im->fd = -1;
	loop_timer_cancel(im->loop, &im->poll);
	if (waitpid(im->pid, &status, 0) == im->pid)
		im->pid = -1;
	if (!im->finished) {
		im->finished = 1;
		import_post(im, EV_FW_FAILED, 0, "the import stopped unexpectedly");
	}
}

struct wizard_import *
wizard_import_start(struct loop *loop, const char *path, const char *root,
    const char *server, char *err, size_t errlen)
{
	struct wizard_import	*im;
	struct stat		 st;
	int			 p[2];

	if (stat(path, &st) != 0 || access(path, R_OK) != 0) {
		if (errno == EACCES && geteuid() != 0)
			/* The wizard gave up root once it served (--user). */
			snprintf(err, errlen, "%s: permission denied to uid %lu "
			    "(the wizard gives up root once it serves). Import "
			    "it first: sudo phonerescue import -r %s %s, or make "
			    "it readable by all", path, (unsigned long)geteuid(),
			    root, path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (pipe2(p, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return (NULL);
	}
	im = xcalloc(1, sizeof *im);
	im->loop = loop;
	strlcpy(im->path, path, sizeof im->path);
	strlcpy(im->root, root, sizeof im->root);
	im->total = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	sbuf_init(&im->in);
	fflush(NULL);
	if ((im->pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		free(im);
		return (NULL);
	}
	if (im->pid == 0) {
		close(p[0]);
		import_child(p[1], path, root, server);
	}
	close(p[1]);
	im->fd = p[0];
	fcntl(im->fd, F_SETFL, fcntl(im->fd, F_GETFL) | O_NONBLOCK);
	loop_add_fd(loop, im->fd, POLLIN, import_read_cb, im);
	import_post(im, EV_FW_READING, 0, NULL);
	loop_timer_set(loop, &im->poll, clock_now_ms() + IMPORT_POLL_MS,
	    import_poll_cb, im);
	return (im);
}

int
wizard_import_running(const struct wizard_import *im)
{
	return (im != NULL && !im->finished);
}

void
wizard_import_free(struct wizard_import *im)
{
	int	 status;

	if (im == NULL)
		return;
	loop_timer_cancel(im->loop, &im->poll);
	if (im->fd != -1) {
		loop_del_fd(im->loop, im->fd);
		close(im->fd);
	}
	if (im->pid > 0) {
		/* Our own child: the import leaves ROOT as it was. */
		kill(im->pid, SIGTERM);
		waitpid(im->pid, &status, 0);
	}
	sbuf_free(&im->in);
	free(im);
}

int
wizard_write_sep(const char *root, const char *mac, const char *model,
    const char *server, char *err, size_t errlen)
{
	struct cfgxml_sep	 sep;
	struct fw_catalog	*cat;
	struct fw_served	 sv;
	struct sbuf		 s;
	char			 name[32], msg[512];
	int			 r;

	memset(&sep, 0, sizeof sep);
	sep.mac = mac;
	sep.server = server != NULL && server[0] != '\0' ? server : NULL;
	sep.model = model_find(model);
	if (sep.model != NULL && (cat = fw_catalog_open(root, err,
	    errlen)) != NULL) {
		if (fw_catalog_served(cat, sep.model, &sv) && sv.load_name != NULL)
			sep.load = sv.load_name;
		sbuf_init(&s);
		r = cfgxml_sep(&sep, &s, name, sizeof name, err, errlen);
		fw_catalog_free(cat);
	} else {
		sbuf_init(&s);
		r = cfgxml_sep(&sep, &s, name, sizeof name, err, errlen);
	}
	if (r == 0) {
		r = cfgxml_install(root, name, sbuf_str(&s), s.len, 0, 1, msg,
		    sizeof msg);
		if (r < 0)
			strlcpy(err, msg, errlen);
		else if (r == CFGXML_KEPT) {
			snprintf(err, errlen, "%s", msg);
			r = -1;
		} else
			r = 0;
	}
	sbuf_free(&s);
	return (r < 0 ? -1 : 0);
}

/* The catalogue of root, per model (the wizard's catalog op). */
size_t
wizard_host_catalog(const char *root, struct wizard_load *v, size_t max)
{
	struct fw_catalog	*cat;
	struct fw_served	 sv;
	const struct model	*m;
	char			 err[256];
	size_t			 i, n = 0;

	if ((cat = fw_catalog_open(root, err, sizeof err)) == NULL)
		return (0);
	for (i = 0; i < model_count() && n < max; i++) {
		m = model_at(i);
		memset(&sv, 0, sizeof sv);
		if (!fw_catalog_served(cat, m, &sv) && sv.load == NULL)
			continue;
		memset(&v[n], 0, sizeof v[n]);
		strlcpy(v[n].model, m->name, sizeof v[n].model);
		v[n].devtype = m->devtype;
		strlcpy(v[n].load, sv.load_name != NULL ? sv.load_name :
		    sv.load->name, sizeof v[n].load);
		strlcpy(v[n].why, sv.why != NULL ? sv.why : "", sizeof v[n].why);
		v[n].complete = sv.complete;
		if (sv.nnotes > 0)
			strlcpy(v[n].note, sv.notes[0], sizeof v[n].note);
		n++;
	}
	fw_catalog_free(cat);
	return (n);
}
