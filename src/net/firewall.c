/*
 * The host firewall: find it, word its fix, open it for a session and
 * close it again (firewall.h).  nft(8) runs with a fixed argv from a fixed
 * path: no shell, no $PATH, a clean environment.  A library (libnftables)
 * would run the same parser inside our process, which after the privilege
 * drop runs under a seccomp filter that allows no netfilter socket; the
 * rules are put in while root and taken out by root (the run itself when
 * it kept root, else the keeper of serve_priv.c, else the next start),
 * and a child process is what those three can all do.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "firewall.h"
#include "xmalloc.h"

#define NFT_OUT_MAX	(8u << 20)	/* a ruleset larger than this is cut */

static const char *const nft_paths[] = {
	"/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", "/bin/nft", NULL
};

const char *
firewall_kind_name(enum fw_kind k)
{
	switch (k) {
	case FW_NFTABLES:	return ("nftables");
	case FW_IPTABLES:	return ("iptables");
	case FW_IPTABLES_LEGACY: return ("iptables (legacy)");
	case FW_UFW:		return ("ufw");
	case FW_FIREWALLD:	return ("firewalld");
	case FW_UNKNOWN:	return ("a firewall");
	case FW_NONE:		break;
	}
	return ("");
}

static const char *
nft_path(void)
{
	size_t	 i;

	for (i = 0; nft_paths[i] != NULL; i++)
		if (access(nft_paths[i], X_OK) == 0)
			return (nft_paths[i]);
	return (NULL);
}

/* Append what fd has to *buf (grown); 0 at EOF, 1 more to come, -1 error. */
static int
drain(int fd, char **buf, size_t *len, size_t *cap)
{
	ssize_t	 n;

	if (*cap - *len < 4096) {
		if (*cap >= NFT_OUT_MAX)
			return (-1);
		*cap = *cap * 2 + 8192;
		*buf = xreallocarray(*buf, *cap, 1);
	}
	n = read(fd, *buf + *len, *cap - *len - 1);
	if (n == -1)
		return (errno == EINTR || errno == EAGAIN ? 1 : -1);
	if (n == 0)
		return (0);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
	return (1);
}

/* Write all of input to fd (nft's stdin), ignoring SIGPIPE meanwhile. */
static void
nft_feed(int fd, const char *input)
{
	const char	*p = input;
	size_t		 left = strlen(input);
	ssize_t		 n;
	void		(*old)(int) = signal(SIGPIPE, SIG_IGN);

	while (left > 0) {
		if ((n = write(fd, p, left)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	signal(SIGPIPE, old);
}

/* Read nft's stdout and stderr to their ends, into *ob and *eb. */
static void
nft_collect(int ofd, int efd, char **ob, char **eb)
{
	struct pollfd	 pfd[2];
	size_t		 olen = 0, ocap = 0, elen = 0, ecap = 0;
	int		 oopen = 1, eopen = 1;

	while (oopen || eopen) {
		pfd[0].fd = oopen ? ofd : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = eopen ? efd : -1;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (oopen && pfd[0].revents != 0)
			oopen = drain(ofd, ob, &olen, &ocap) > 0;
		if (eopen && pfd[1].revents != 0)
			eopen = drain(efd, eb, &elen, &ecap) > 0;
	}
}

/*
 * Run nft with args (a NULL-terminated list after argv[0]), input on its
 * stdin; its stdout in *out (malloc'd, may be NULL).  0 when nft exited 0,
 * else -1 with err (nft's own first line of complaint when it said one).
 */
static int
nft_run(const char *const *args, const char *input, char **out, char *err,
    size_t errlen)
{
	const char	*path = nft_path();
	const char	*argv[8];
	char *const	 envp[] = { (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	    (char *)"LC_ALL=C", NULL };
	int		 in[2] = { -1, -1 }, o[2] = { -1, -1 }, e[2] = { -1, -1 };
	char		*ob = NULL, *eb = NULL;
	size_t		 i;
	int		 status = 0, rc = -1;
	pid_t		 pid;
	sigset_t	 all;

	if (out != NULL)
		*out = NULL;
	if (path == NULL) {
		snprintf(err, errlen, "nft is not installed (Debian: apt install "
		    "nftables)");
		return (-1);
	}
	argv[0] = "nft";
	for (i = 0; args[i] != NULL && i + 2 < sizeof argv / sizeof argv[0];
	    i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(o, O_CLOEXEC) != 0 ||
	    pipe2(e, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto done;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto done;
	}
	if (pid == 0) {
		sigemptyset(&all);
		(void)sigprocmask(SIG_SETMASK, &all, NULL);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], 0) == -1 || dup2(o[1], 1) == -1 ||
		    dup2(e[1], 2) == -1)
			_exit(127);
		execve(path, (char *const *)(uintptr_t)argv, envp);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	close(e[1]);
	in[0] = o[1] = e[1] = -1;
	if (input != NULL)
		nft_feed(in[1], input);
	close(in[1]);
	in[1] = -1;
	nft_collect(o[0], e[0], &ob, &eb);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
		if (out != NULL) {
			*out = ob != NULL ? ob : xstrdup("");
			ob = NULL;
		}
	} else if (eb != NULL && eb[0] != '\0') {
		eb[strcspn(eb, "\n")] = '\0';
		snprintf(err, errlen, "nft: %s", eb);
	} else
		snprintf(err, errlen, "nft exited with status %d",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
done:
	for (i = 0; i < 2; i++) {
		if (in[i] != -1)
			close(in[i]);
		if (o[i] != -1)
			close(o[i]);
		if (e[i] != -1)
			close(e[i]);
	}
	free(ob);
	free(eb);
	return (rc);
}

/*
 * A walk over `nft [-a] list ruleset`: for each line, where it stands
 * (table, chain, whether that chain is an input base chain of family ip
 * or inet) and the line itself, trimmed.
 */
struct walk {
	char		 family[8];
	char		 table[64];
	char		 chain[64];
	int		 depth;		/* 1 in a table, 2 in a chain or set */
	int		 in_chain;
	int		 input;		/* this chain hooks input (ip, inet) */
	int		 input_seen;	/* its type line was just read */
	int		 drop;		/* its policy is drop */
};

typedef void	walk_cb(const struct walk *, const char *, void *);

/* The word starting at *p into buf; *p moves past it. */
static void
word(const char **p, char *buf, size_t len)
{
	size_t	 n = 0;
	int	 q = 0;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	while (**p != '\0' && (q || (**p != ' ' && **p != '\t'))) {
		if (**p == '"')
			q = !q;
		if (n + 1 < len)
			buf[n++] = **p;
		(*p)++;
	}
	buf[n] = '\0';
}

static void
walk_ruleset(const char *text, walk_cb *cb, void *arg)
{
	struct walk	 w;
	const char	*p = text, *nl, *s, *c;
	char		 line[4096];
	size_t		 n;
	int		 q;

	memset(&w, 0, sizeof w);
	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		n = (size_t)(nl - p);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		p = *nl == '\0' ? nl : nl + 1;
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		w.input_seen = 0;
		if (w.depth == 0 && strncmp(s, "table ", 6) == 0) {
			c = s + 6;
			word(&c, w.family, sizeof w.family);
			word(&c, w.table, sizeof w.table);
		} else if (w.depth == 1 && strncmp(s, "chain ", 6) == 0) {
			c = s + 6;
			word(&c, w.chain, sizeof w.chain);
			w.in_chain = 1;
			w.input = w.drop = 0;
		} else if (w.depth == 2 && w.in_chain &&
		    strncmp(s, "type ", 5) == 0) {
			w.input = strstr(s, " hook input ") != NULL &&
			    (strcmp(w.family, "ip") == 0 ||
			    strcmp(w.family, "inet") == 0);
			w.drop = strstr(s, "policy drop;") != NULL;
			w.input_seen = 1;
		}
		cb(&w, s, arg);
		/* Braces outside quoted strings move the depth. */
		for (q = 0, c = s; *c != '\0'; c++) {
			if (*c == '"')
				q = !q;
			else if (!q && *c == '{')
				w.depth++;
			else if (!q && *c == '}' && w.depth > 0) {
				w.depth--;
				if (w.depth < 2)
					w.in_chain = w.input = 0;
			}
		}
	}
}

static void
classify_cb(const struct walk *w, const char *line, void *arg)
{
	struct fw_found	*f = arg;

	/* Its own nft table, or its chains on the iptables backend. */
	if (strcmp(w->table, "firewalld") == 0 || (w->in_chain &&
	    (strncmp(w->chain, "INPUT_ZONES", 11) == 0 ||
	    strncmp(w->chain, "IN_public", 9) == 0)))
		f->kind = FW_FIREWALLD;
	if (w->in_chain && strncmp(w->chain, "ufw", 3) == 0 &&
	    f->kind != FW_FIREWALLD)
		f->kind = FW_UFW;
	if (!w->input_seen || !w->input)
		return;
	(void)line;
	if (f->nchains++ == 0) {
		strlcpy(f->family, w->family, sizeof f->family);
		strlcpy(f->table, w->table, sizeof f->table);
		strlcpy(f->chain, w->chain, sizeof f->chain);
	}
	if (w->drop)
		f->ndrop++;
	if (f->kind == FW_NONE || f->kind == FW_NFTABLES)
		f->kind = strcmp(w->family, "ip") == 0 &&
		    strcmp(w->table, "filter") == 0 &&
		    strcmp(w->chain, "INPUT") == 0 ? FW_IPTABLES : FW_NFTABLES;
}

void
firewall_classify(const char *text, struct fw_found *f)
{
	memset(f, 0, sizeof *f);
	walk_ruleset(text, classify_cb, f);
}

/* ufw's own switch: ENABLED=yes in /etc/ufw/ufw.conf. */
static int
ufw_enabled(void)
{
	char	 line[256];
	FILE	*fp;
	int	 on = 0;

	if ((fp = fopen("/etc/ufw/ufw.conf", "re")) == NULL)
		return (0);
	while (fgets(line, sizeof line, fp) != NULL)
		if (strncmp(line, "ENABLED=yes", 11) == 0)
			on = 1;
	fclose(fp);
	return (on);
}

/* x_tables tables loaded (iptables-legacy), which nft does not list. */
static int
legacy_tables(void)
{
	char	 line[64];
	FILE	*fp;
	int	 any = 0;

	if ((fp = fopen("/proc/net/ip_tables_names", "re")) == NULL)
		return (0);
	if (fgets(line, sizeof line, fp) != NULL && line[0] != '\n')
		any = 1;
	fclose(fp);
	return (any);
}

int
firewall_detect(struct fw_found *f, char *err, size_t errlen)
{
	static const char *const args[] = { "list", "ruleset", NULL };
	char	*out = NULL;

	memset(f, 0, sizeof *f);
	if (nft_run(args, NULL, &out, err, errlen) != 0) {
		f->kind = ufw_enabled() ? FW_UFW : FW_UNKNOWN;
		return (-1);
	}
	firewall_classify(out, f);
	free(out);
	if (f->kind == FW_NONE && ufw_enabled())
		f->kind = FW_UFW;
	if (f->kind == FW_NONE && legacy_tables())
		f->kind = FW_IPTABLES_LEGACY;
	return (0);
}

void
firewall_fix_command(const struct fw_found *f, const char *ifname,
    unsigned dhcp, unsigned tftp, char *buf, size_t len)
{
	switch (f->kind) {
	case FW_UFW:
		snprintf(buf, len, "ufw allow in on %s to any port %u,%u "
		    "proto udp", ifname, dhcp, tftp);
		break;
	case FW_FIREWALLD:
		snprintf(buf, len, "firewall-cmd --zone=trusted "
		    "--add-interface=%s", ifname);
		break;
	case FW_IPTABLES:
	case FW_IPTABLES_LEGACY:
		snprintf(buf, len, "iptables -I INPUT -i %s -p udp -m multiport "
		    "--dports %u,%u -j ACCEPT", ifname, dhcp, tftp);
		break;
	case FW_NFTABLES:
		snprintf(buf, len, "nft insert rule %s %s %s iifname \"%s\" "
		    "udp dport { %u, %u } accept", f->family, f->table,
		    f->chain, ifname, dhcp, tftp);
		break;
	case FW_UNKNOWN:
	case FW_NONE:
		snprintf(buf, len, "let UDP ports %u and %u in on %s", dhcp,
		    tftp, ifname);
		break;
	}
}

/* Only names nft takes inside double quotes, as they are. */
static int
ifname_ok(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s > '~' || *s == '"' || *s == '\\')
			return (0);
	return (1);
}

struct script {
	char		*buf;
	size_t		 len, used;
	int		 full;
	unsigned	 count;
	const struct fw_open *o;
	char		 comment[96];
};

static void
script_add(struct script *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
script_add(struct script *s, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (s->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->used, s->len - s->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= s->len - s->used) {
		s->full = 1;
		return;
	}
	s->used += (size_t)n;
}

static void
comment_of(char *buf, size_t len, const char *ifname, long pid)
{
	snprintf(buf, len, "phonerescue %s pid %ld", ifname, pid);
}

/* Each insert goes to the top: the last one written ends up first. */
static void
open_cb(const struct walk *w, const char *line, void *arg)
{
	struct script		*s = arg;
	const struct fw_open	*o = s->o;

	(void)line;
	if (!w->input_seen || !w->input)
		return;
	s->count++;
	script_add(s, "insert rule %s %s %s iifname \"%s\" ct state "
	    "established,related accept comment \"%s\"\n", w->family,
	    w->table, w->chain, o->ifname, s->comment);
	if (o->http_port != 0)
		script_add(s, "insert rule %s %s %s iifname \"%s\" tcp dport "
		    "%u accept comment \"%s\"\n", w->family, w->table, w->chain,
		    o->ifname, o->http_port, s->comment);
	if (o->dhcp_port != 0 && o->tftp_port != 0)
		script_add(s, "insert rule %s %s %s iifname \"%s\" udp dport "
		    "{ %u, %u } accept comment \"%s\"\n", w->family, w->table,
		    w->chain, o->ifname, o->dhcp_port, o->tftp_port,
		    s->comment);
	else if (o->dhcp_port != 0 || o->tftp_port != 0)
		script_add(s, "insert rule %s %s %s iifname \"%s\" udp dport "
		    "%u accept comment \"%s\"\n", w->family, w->table, w->chain,
		    o->ifname, o->dhcp_port + o->tftp_port, s->comment);
}

int
firewall_open_script(const char *ruleset, const struct fw_open *o,
    char *buf, size_t len, unsigned *count)
{
	struct script	 s;

	memset(&s, 0, sizeof s);
	s.buf = buf;
	s.len = len;
	s.o = o;
	buf[0] = '\0';
	comment_of(s.comment, sizeof s.comment, o->ifname, o->pid);
	walk_ruleset(ruleset, open_cb, &s);
	*count = s.count;
	return (s.full ? -1 : 0);
}

/* A rule with our comment: delete it by its handle. */
static void
close_cb(const struct walk *w, const char *line, void *arg)
{
	struct script	*s = arg;
	char		 want[112];
	const char	*h;

	if (!w->in_chain || w->depth != 2)
		return;
	snprintf(want, sizeof want, "comment \"%s\"", s->comment);
	if (strstr(line, want) == NULL ||
	    (h = strstr(line, "# handle ")) == NULL)
		return;
	s->count++;
	script_add(s, "delete rule %s %s %s handle %ld\n", w->family, w->table,
	    w->chain, strtol(h + 9, NULL, 10));
}

int
firewall_close_script(const char *ruleset, const char *ifname, long pid,
    char *buf, size_t len, unsigned *count)
{
	struct script	 s;

	memset(&s, 0, sizeof s);
	s.buf = buf;
	s.len = len;
	buf[0] = '\0';
	comment_of(s.comment, sizeof s.comment, ifname, pid);
	walk_ruleset(ruleset, close_cb, &s);
	*count = s.count;
	return (s.full ? -1 : 0);
}

/* A script made from the ruleset: 0 (n: what it does), -1 when too long. */
typedef int	script_fn(const char *, const void *, char *, size_t,
		    unsigned *);

/*
 * List the ruleset (with handles when asked), make the script from it and
 * run it in one transaction; what the script did (0: nothing to do), or
 * -1 with err.
 */
static int
nft_rewrite(int handles, script_fn *make, const void *arg, char *err,
    size_t errlen)
{
	static const char *const list[] = { "list", "ruleset", NULL };
	static const char *const list_a[] = { "-a", "list", "ruleset", NULL };
	static const char *const apply[] = { "-f", "-", NULL };
	char		*out = NULL, script[16384];
	unsigned	 n;
	int		 rc;

	if (nft_run(handles ? list_a : list, NULL, &out, err, errlen) != 0)
		return (-1);
	rc = make(out, arg, script, sizeof script, &n);
	free(out);
	if (rc != 0) {
		snprintf(err, errlen, "too many firewall chains or rules");
		return (-1);
	}
	if (n == 0)
		return (0);
	if (nft_run(apply, script, NULL, err, errlen) != 0)
		return (-1);
	return ((int)n);
}

static int
open_make(const char *ruleset, const void *arg, char *buf, size_t len,
    unsigned *n)
{
	return (firewall_open_script(ruleset, arg, buf, len, n));
}

struct close_arg {
	const char	*ifname;
	long		 pid;
};

static int
close_make(const char *ruleset, const void *arg, char *buf, size_t len,
    unsigned *n)
{
	const struct close_arg	*c = arg;

	return (firewall_close_script(ruleset, c->ifname, c->pid, buf, len, n));
}

int
firewall_open(const struct fw_open *o, char *err, size_t errlen)
{
	if (!ifname_ok(o->ifname)) {
		snprintf(err, errlen, "interface name %s cannot be put in a "
		    "firewall rule", o->ifname);
		return (-1);
	}
	return (nft_rewrite(0, open_make, o, err, errlen));
}

int
firewall_close(const char *ifname, long pid, char *err, size_t errlen)
{
	struct close_arg	 c = { ifname, pid };

	if (!ifname_ok(ifname))
		return (0);
	return (nft_rewrite(1, close_make, &c, err, errlen));
}
