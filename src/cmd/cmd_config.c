/*
 * phonerescue config gen|lint: write the configuration files phones read
 * from ROOT (src/cfg/cfgxml.h), or check ones people wrote
 * (src/cfg/cfglint.h).
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfg/cfgcsv.h"
#include "cfg/cfglint.h"
#include "cfg/cfgxml.h"
#include "cmd.h"
#include "cmd_fw.h"
#include "fw/fw_catalog.h"
#include "log.h"
#include "model/model.h"
#include "sbuf.h"
#include "tunables.h"

enum {
	OPT_SERVER = 256, OPT_FORCE, OPT_STDOUT, OPT_MAC, OPT_MODEL, OPT_LOAD,
	OPT_SIP, OPT_PROXY, OPT_LINE, OPT_AUTH, OPT_PASSWORD, OPT_DISPLAY,
	OPT_LABEL, OPT_AUTOREG, OPT_STRICT, OPT_CSV,
};

static const struct option gen_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "iface", required_argument, NULL, 'i' },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "stdout", no_argument, NULL, OPT_STDOUT },
	{ "mac", required_argument, NULL, OPT_MAC },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "sip", no_argument, NULL, OPT_SIP },
	{ "proxy", required_argument, NULL, OPT_PROXY },
	{ "line", required_argument, NULL, OPT_LINE },
	{ "auth-name", required_argument, NULL, OPT_AUTH },
	{ "password", required_argument, NULL, OPT_PASSWORD },
	{ "display", required_argument, NULL, OPT_DISPLAY },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "autoreg-name", required_argument, NULL, OPT_AUTOREG },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ NULL, 0, NULL, 0 },
};

/* Write (or print) one generated file; 0, or 1 when it failed. */
static int
emit(const char *root, const char *name, const struct sbuf *sb, int force,
    int to_stdout, int marker)
{
	char	 msg[512];
	int	 r;

	if (to_stdout) {
		if (sb->len > 0)
			fwrite(sb->buf, 1, sb->len, stdout);
		return (0);
	}
	r = cfgxml_install(root, name, sb->buf, sb->len, force, marker, msg,
	    sizeof msg);
	printf("%s\n", msg);
	return (r < 0 || r == CFGXML_KEPT);
}

/* Read a whole CSV (or stdin for "-"); NULL with err. */
static char *
read_csv(const char *path, size_t *len, char *err, size_t errlen)
{
	struct sbuf	 sb;
	char		 buf[8192];
	ssize_t		 n;
	int		 fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	sbuf_init(&sb);
	sbuf_add(&sb, "", 0);
	for (;;) {
		if ((n = read(fd, buf, sizeof buf)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (sb.len + (size_t)n > CFGCSV_MAX_BYTES) {
			snprintf(err, errlen, "%s: over %d MB: not a list of "
			    "phones", path, CFGCSV_MAX_BYTES >> 20);
			n = -2;
			break;
		}
		sbuf_add(&sb, buf, (size_t)n);
	}
	if (n == -1)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	if (fd != STDIN_FILENO)
		close(fd);
	if (n < 0) {
		sbuf_free(&sb);
		return (NULL);
	}
	*len = sb.len;
	return (sb.buf);
}

/* config gen sep --csv FILE: every phone's files, or none. */
static int
gen_csv(const char *root, const char *csv, const struct fw_catalog *cat,
    const struct cfgxml_sep *dflt, int force)
{
	struct cfgcsv_opts	 o;
	struct cfgcsv_set	 set;
	struct sbuf		 errs, notes, msgs;
	char			*buf, err[512];
	size_t			 len;
	int			 rc = EC_OK;

	if ((buf = read_csv(csv, &len, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue config: %s\n", err);
		return (EC_FAIL);
	}
	memset(&o, 0, sizeof o);
	o.cat = cat;
	o.server = dflt->server;
	o.proxy = dflt->proxy;
	o.sip = dflt->sip;
	sbuf_init(&errs);
	sbuf_init(&notes);
	sbuf_init(&msgs);
	if (cfgcsv_generate(strcmp(csv, "-") == 0 ? "stdin" : csv, buf, len,
	    &o, &set, &errs, &notes) != 0) {
		if (notes.len > 0)
			fwrite(notes.buf, 1, notes.len, stderr);
		fwrite(errs.buf, 1, errs.len, stderr);
		fprintf(stderr, "phonerescue config: nothing written to %s\n",
		    root);
		rc = EC_FAIL;
	} else {
		if (notes.len > 0)
			fwrite(notes.buf, 1, notes.len, stderr);
		if (cfgxml_install_all(root, set.files, set.n, force, &msgs,
		    err, sizeof err) != 0) {
			fprintf(stderr, "phonerescue config: %s\n", err);
			rc = EC_FAIL;
		} else {
			fwrite(msgs.buf, 1, msgs.len, stdout);
			printf("%zu phone%s, %zu file%s\n", set.rows,
			    set.rows == 1 ? "" : "s", set.n,
			    set.n == 1 ? "" : "s");
		}
		cfgcsv_set_free(&set);
	}
	sbuf_free(&errs);
	sbuf_free(&notes);
	sbuf_free(&msgs);
	free(buf);
	return (rc);
}

/*
 * IFACE's first IPv4 address into buf (processNodeName is the server's
 * own address, the one phones on IFACE reach it at); 0, or -1 with err.
 */
static int
iface_addr(const char *iface, char *buf, size_t len, char *err, size_t errlen)
{
	struct ifaddrs	*ifa, *it;
	int		 found = 0, known = 0;

	if (getifaddrs(&ifa) == -1) {
		snprintf(err, errlen, "getifaddrs: %s", strerror(errno));
		return (-1);
	}
	for (it = ifa; it != NULL && !found; it = it->ifa_next) {
		if (strcmp(it->ifa_name, iface) != 0)
			continue;
		known = 1;
		if (it->ifa_addr == NULL || it->ifa_addr->sa_family != AF_INET)
			continue;
		found = inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)it->ifa_addr)->sin_addr, buf,
		    (socklen_t)len) != NULL;
	}
	freeifaddrs(ifa);
	if (!found)
		snprintf(err, errlen, known ? "%s has no IPv4 address: give "
		    "--server ADDR" : "no interface %s", iface);
	return (found ? 0 : -1);
}

/* What `config gen` was asked for. */
struct gen_args {
	struct cfgxml_opts co;
	struct cfgxml_sep sep;
	const char	*root, *csv, *iface;
	char		 ifip[64];
	int		 force, to_stdout, nwhat;
	int		 w_default, w_sep, w_os, w_sipd;
};

/* One option of `config gen`; 0, or the usage error's exit code. */
static int
gen_option(const struct cmd *self, int ch, char **argv, struct gen_args *a)
{
	switch (ch) {
	case 'r':
		a->root = optarg;
		break;
	case 'i':
		a->iface = optarg;
		break;
	case OPT_SERVER:
		a->co.server = a->sep.server = optarg;
		break;
	case OPT_FORCE:
		a->force = 1;
		break;
	case OPT_STDOUT:
		a->to_stdout = 1;
		break;
	case OPT_MAC:
		a->sep.mac = optarg;
		break;
	case OPT_MODEL:
		if ((a->sep.model = model_find(optarg)) == NULL)
			return (cmd_usage_error(self, "unknown model %s",
			    optarg));
		break;
	case OPT_LOAD:
		a->sep.load = optarg;
		break;
	case OPT_SIP:
		a->sep.sip = 1;
		break;
	case OPT_PROXY:
		a->sep.proxy = optarg;
		break;
	case OPT_LINE:
		a->sep.line = optarg;
		break;
	case OPT_AUTH:
		a->sep.auth_name = optarg;
		break;
	case OPT_PASSWORD:
		a->sep.password = optarg;
		break;
	case OPT_DISPLAY:
		a->sep.display = optarg;
		break;
	case OPT_LABEL:
		a->sep.label = optarg;
		break;
	case OPT_AUTOREG:
		a->co.autoreg = optarg;
		break;
	case OPT_CSV:
		a->csv = optarg;
		break;
	default:
		return (cmd_getopt_error(self, ch, argv));
	}
	return (0);
}

/*
 * The options, the server's address and the files named (default, sep,
 * os79xx, sipdefault); 0, or the exit code of a usage error or failure.
 */
static int
gen_parse(const struct cmd *self, int argc, char **argv, struct gen_args *a)
{
	const char	*what;
	char		 err[512];
	int		 ch, rc, i;

	memset(a, 0, sizeof *a);
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":r:i:", gen_longopts, NULL)) !=
	    -1)
		if ((rc = gen_option(self, ch, argv, a)) != 0)
			return (rc);
	if (a->iface != NULL && a->co.server != NULL)
		return (cmd_usage_error(self, "-i IFACE or --server ADDR, not "
		    "both"));
	if (a->iface != NULL) {
		if (iface_addr(a->iface, a->ifip, sizeof a->ifip, err,
		    sizeof err) != 0) {
			fprintf(stderr, "phonerescue config: %s\n", err);
			return (EC_FAIL);
		}
		a->co.server = a->sep.server = a->ifip;
	}
	a->nwhat = argc - optind;
	for (i = optind; i < argc; i++) {
		what = argv[i];
		if (strcmp(what, "default") == 0)
			a->w_default = 1;
		else if (strcmp(what, "sep") == 0)
			a->w_sep = 1;
		else if (strcasecmp(what, "os79xx") == 0)
			a->w_os = 1;
		else if (strcasecmp(what, "sipdefault") == 0)
			a->w_sipd = 1;
		else
			return (cmd_usage_error(self, "gen makes default, sep, "
			    "os79xx or sipdefault, not %s", what));
	}
	return (0);
}

/* SEP<MAC>.cnf.xml, naming the load ROOT serves the model unless --load. */
static int
gen_sep(const struct gen_args *a, const struct fw_catalog *cat,
    struct sbuf *sb)
{
	struct cfgxml_sep sep = a->sep;
	struct fw_served s;
	char		 err[512], name[64];

	if (sep.load == NULL && fw_catalog_served(cat, sep.model, &s))
		sep.load = s.load_name;
	if (sep.load == NULL)
		fprintf(stderr, "phonerescue config: %s serves no load for the "
		    "%s: the SEP file names none\n", a->root, sep.model->name);
	if (cfgxml_sep(&sep, sb, name, sizeof name, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue config: %s\n", err);
		return (1);
	}
	return (emit(a->root, name, sb, a->force, a->to_stdout, 1));
}

/* OS79XX.TXT and/or SIPDefault.cnf for ROOT's 7940/7960 load. */
static int
gen_legacy(const struct gen_args *a, const struct cfgxml_legacy *l,
    int w_os, int w_sipd, struct sbuf *sb)
{
	char	 err[512];
	int	 bad = 0;

	if (l->model == NULL) {
		fprintf(stderr, "phonerescue config: %s has no complete "
		    "7940/7960 load\n", a->root);
		return (1);
	}
	if (w_os) {
		if (cfgxml_os79xx(l->load, sb, err, sizeof err) == 0)
			bad |= emit(a->root, "OS79XX.TXT", sb, a->force,
			    a->to_stdout, 0);
		else {
			fprintf(stderr, "phonerescue config: OS79XX.TXT: %s\n",
			    err);
			bad = 1;
		}
		sbuf_reset(sb);
	}
	if (w_sipd) {
		if (cfgxml_sipdefault(l->load, a->sep.proxy, sb, err,
		    sizeof err) == 0)
			bad |= emit(a->root, "SIPDefault.cnf", sb, a->force,
			    a->to_stdout, 1);
		else {
			fprintf(stderr, "phonerescue config: SIPDefault.cnf: "
			    "%s\n", err);
			bad = 1;
		}
	}
	return (bad);
}

/* The files named (none: what ROOT calls for), from ROOT's catalogue. */
static int
gen_files(struct gen_args *a, const struct fw_catalog *cat)
{
	struct cfgxml_legacy l;
	struct sbuf	 sb;
	char		 err[512];
	int		 bad = 0, w_os = a->w_os, w_sipd = a->w_sipd;

	memset(&l, 0, sizeof l);
	if (cfgxml_legacy(cat, &l) == 0 && a->nwhat == 0) {
		w_os = l.os79xx;
		w_sipd = l.sipdefault;
	}
	sbuf_init(&sb);
	if (a->w_default) {
		if (cfgxml_default(cat, &a->co, &sb, err, sizeof err) != 0) {
			fprintf(stderr, "phonerescue config: %s\n", err);
			bad = 1;
		} else
			bad |= emit(a->root, CFGXML_DEFAULT_FILE, &sb,
			    a->force, a->to_stdout, 1);
		sbuf_reset(&sb);
	}
	if (a->w_sep) {
		bad |= gen_sep(a, cat, &sb);
		sbuf_reset(&sb);
	}
	if (w_os || w_sipd)
		bad |= gen_legacy(a, &l, w_os, w_sipd, &sb);
	sbuf_free(&sb);
	return (bad);
}

static int
config_gen(const struct cmd *self, int argc, char **argv)
{
	struct gen_args	 a;
	struct fw_catalog *cat;
	char		 err[512];
	int		 rc;

	if ((rc = gen_parse(self, argc, argv, &a)) != 0)
		return (rc);
	if (a.csv != NULL) {
		if (a.sep.mac != NULL || a.sep.model != NULL ||
		    a.sep.load != NULL || a.sep.line != NULL ||
		    a.sep.label != NULL || a.to_stdout)
			return (cmd_usage_error(self, "--csv takes the MAC, "
			    "model and line from the file (not --mac, --model, "
			    "--load, --line, --label or --stdout)"));
		if (a.nwhat > 0 && (!a.w_sep || a.nwhat > 1))
			return (cmd_usage_error(self, "--csv makes sep files "
			    "only"));
	} else if (a.nwhat == 0) {
		a.w_default = 1;
		a.w_sep = a.sep.mac != NULL;
	}
	if (a.csv == NULL && a.w_sep &&
	    (a.sep.mac == NULL || a.sep.model == NULL))
		return (cmd_usage_error(self, "sep needs --mac and --model"));
	a.root = fwcmd_root(a.root);
	if ((cat = fw_catalog_open(a.root, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue config: %s\n", err);
		return (EC_FAIL);
	}
	if (a.csv != NULL)
		rc = gen_csv(a.root, a.csv, cat, &a.sep, a.force);
	else
		rc = gen_files(&a, cat) ? EC_FAIL : EC_OK;
	fw_catalog_free(cat);
	return (rc);
}

static int
config_lint(const struct cmd *self, int argc, char **argv)
{
	struct cfglint_opts lo;
	struct cfglint_count cnt;
	struct fw_catalog *cat = NULL;
	struct sbuf	 out;
	const char	*root = NULL;
	char		 err[512];
	int		 ch, i;
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 },
	};

	memset(&lo, 0, sizeof lo);
	memset(&cnt, 0, sizeof cnt);
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":r:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			root = optarg;
			break;
		case OPT_STRICT:
			lo.strict = 1;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (optind == argc)
		return (cmd_usage_error(self, "lint needs a FILE"));
	if (root != NULL &&
	    (cat = fw_catalog_open(root, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue config: %s\n", err);
		return (EC_USAGE);
	}
	lo.cat = cat;
	sbuf_init(&out);
	for (i = optind; i < argc; i++)
		(void)cfglint_file(argv[i], &lo, &out, &cnt);
	if (out.len > 0)
		fwrite(out.buf, 1, out.len, stdout);
	sbuf_free(&out);
	fw_catalog_free(cat);
	if (cnt.errors == 0 && cnt.warnings == 0)
		printf("%d file%s clean\n", argc - optind,
		    argc - optind == 1 ? "" : "s");
	else
		printf("%d error%s, %d warning%s\n", cnt.errors,
		    cnt.errors == 1 ? "" : "s", cnt.warnings,
		    cnt.warnings == 1 ? "" : "s");
	/* Warnings are what a phone ignores: only errors fail. */
	return (cnt.errors > 0 ? EC_FAIL : EC_OK);
}

static int
cmd_config(const struct cmd *self, int argc, char **argv)
{
	if (argc < 2)
		return (cmd_usage_error(self, "config gen or config lint"));
	if (strcmp(argv[1], "gen") == 0)
		return (config_gen(self, argc - 1, argv + 1));
	if (strcmp(argv[1], "lint") == 0)
		return (config_lint(self, argc - 1, argv + 1));
	return (cmd_usage_error(self, "no such config command: %s", argv[1]));
}

const struct cmd cmd_config_def = {
	"config", cmd_config,
	"config gen [-r ROOT] [-i IFACE | --server ADDR] [--force] [--stdout] "
	"[default|sep|os79xx|sipdefault]...\n"
	"       phonerescue config gen sep --csv FILE [-r ROOT] [--server ADDR] "
	"[--force]\n"
	"       phonerescue config lint [-r ROOT] [--strict] FILE...",
	"write or check XMLDefault.cnf.xml, SEP<MAC>.cnf.xml, OS79XX.TXT",
	"config gen writes, into ROOT:\n"
	"  default     XMLDefault.cnf.xml: callManagerGroup with processNodeName\n"
	"              and a loadInformationNNN for every model ROOT serves\n"
	"  sep         SEP<MAC>.cnf.xml (--mac MAC --model MODEL [--load LOAD]\n"
	"              [--sip] [--proxy HOST --line EXT [--auth-name NAME]\n"
	"              [--password PW] [--display NAME] [--label LABEL]])\n"
	"  os79xx      OS79XX.TXT for 7940/7960 (image name, CRLF)\n"
	"  sipdefault  SIPDefault.cnf for 7940/7960 SIP\n"
	"sep --csv FILE (- for stdin): one SEP<MAC>.cnf.xml (and SIP<MAC>.cnf\n"
	"for a 7940/7960) per row; the header names the columns mac, model,\n"
	"extension, display, server (SIP), user, password, in any order.\n"
	"Every file is linted first; all are written or none (a bad row is\n"
	"named by its line).  --proxy HOST and --sip apply to rows without.\n"
	"Without a list: default, sep when --mac is given, and the 7940/7960\n"
	"files when ROOT serves those phones.  A file you wrote (no\n"
	"\"" CFGXML_MARKER "\" marker) is kept unless --force, which saves\n"
	"a .bak first.  processNodeName is the server's own address:\n"
	"--server ADDR, or -i IFACE for IFACE's IPv4 address; without\n"
	"either, " CFGXML_DEFAULT_SERVER " (serve's default address).\n"
	"--stdout prints instead of writing.\n"
	"\n"
	"config lint checks each file by its own grammar (XML for *.xml,\n"
	"\"key: value\" for SIPDefault.cnf and SIP<MAC>.cnf, one image name\n"
	"for OS79XX.TXT), without network, DTD or entities, and prints\n"
	"FILE:LINE: error: or warning: for each finding.  Errors stop a\n"
	"phone: not well-formed, wrong root, loadInformationNNN whose number\n"
	"is not its model's, a load or image ROOT lacks (with -r), phoneLabel\n"
	"with spaces, missing processNodeName, an image name with its\n"
	"extension.  Warnings are what a phone ignores: wrongly-cased or\n"
	"misspelt names (with the right spelling).  Names the vocabulary of\n"
	"real configs does not know are only listed with --strict.\n"
	"Exit 0 without errors (warnings allowed), 1 errors, 2 usage.\n",
};
