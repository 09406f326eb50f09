/*
 * phonerescue import [-r ROOT] ARCHIVE...: bring firmware bundles into
 * the TFTP root safely (src/fw/fw_import.h), say what each serves and
 * whether it is a known Cisco download, then refresh XMLDefault.cnf.xml.
 * import --make-demo-bundle DEST writes the synthetic bundle tests and
 * the demo use.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfgxml.h"
#include "cmd.h"
#include "compat.h"
#include "cmd_fw.h"
#include "fw/fw_catalog.h"
#include "fw/fw_hash.h"
#include "fw/fw_import.h"
#include "log.h"
#include "tunables.h"
#include "util.h"

static volatile sig_atomic_t import_stop;

#define MAX_MADE	64	/* directories make_root() may create */

static void
on_signal(int sig)
{
	import_stop = sig;	/* the importer names it */
}

/* make_root()'s record of one directory it made. */
struct made_dirs {
	size_t	*made;
	size_t	*nmade;
};

static void
note_made(size_t len, void *arg)
{
	struct made_dirs	*m = arg;

	if (*m->nmade < MAX_MADE)
		m->made[(*m->nmade)++] = len;
}

/*
 * mkdir -p: the default ROOT's parents may not exist yet.  The length of
 * every prefix it creates goes to made[] (*nmade of them), so that
 * unmake_root() can take them away again when nothing was imported.
 */
static int
make_root(const char *root, size_t made[MAX_MADE], size_t *nmade)
{
	struct made_dirs	 m = { made, nmade };

	*nmade = 0;
	if (strlen(root) >= 4096) {	/* unmake_root()'s copy */
		errno = ENAMETOOLONG;
		return (-1);
	}
	return (util_mkdir_p(root, 0755, NULL, note_made, &m));
}

/* Remove what make_root() created, deepest first: only if still empty. */
static int
unmake_root(const char *root, const size_t made[MAX_MADE], size_t nmade)
{
	char	 p[4096];

	strlcpy(p, root, sizeof p);
	while (nmade-- > 0) {
		p[made[nmade]] = '\0';
		if (rmdir(p) != 0)
			return (-1);
	}
	return (0);
}

/* A line per FW_PROGRESS_EVERY entries, so a long import shows life. */
static void
show_progress(void *arg, int pass, uint64_t n)
{
	fprintf(stderr, "phonerescue import: %s: %llu entries %s\n",
	    (const char *)arg, (unsigned long long)n,
	    pass == 1 ? "checked" : "read");
}

enum {
	OPT_DEMO = 256, OPT_FORMAT, OPT_COMP_SIZE, OPT_FORCE, OPT_KEEP,
	OPT_INCOMPLETE, OPT_MAX_ENTRY, OPT_MAX_TOTAL, OPT_NO_CONFIG,
	OPT_SERVER, OPT_KNOWN, OPT_VARIANT,
};

static const struct option import_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "make-demo-bundle", required_argument, NULL, OPT_DEMO },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "component-size", required_argument, NULL, OPT_COMP_SIZE },
	{ "variant", required_argument, NULL, OPT_VARIANT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "keep-defaults", no_argument, NULL, OPT_KEEP },
	{ "allow-incomplete", no_argument, NULL, OPT_INCOMPLETE },
	{ "max-entry-bytes", required_argument, NULL, OPT_MAX_ENTRY },
	{ "max-total-bytes", required_argument, NULL, OPT_MAX_TOTAL },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "known-bundles", required_argument, NULL, OPT_KNOWN },
	{ NULL, 0, NULL, 0 },
};

static void
print_manifest(const char *path, const char *root, const struct fw_manifest *m)
{
	char		 hex[129];
	uint64_t	 total = 0;
	size_t		 i;

	for (i = 0; i < m->nfiles; i++)
		total += m->files[i].size;
	printf("imported %s (%s): %zu files, %llu bytes into %s\n", path,
	    m->kind, m->nfiles, (unsigned long long)total, root);
	if (m->known == FW_KNOWN_VERIFIED)
		printf("  verified: %s (%s): MD5, SHA-1 and SHA-512 match the "
		    "published checksums\n", m->kn.file, m->kn.desc);
	else if (m->known == FW_KNOWN_MISMATCH)
		printf("  WARNING: named like %s, but its checksums differ "
		    "from the published ones: a damaged or altered "
		    "download\n", m->kn.file);
	else if (m->have_digest) {
		fw_hash_hex(m->digest.md5, sizeof m->digest.md5, hex);
		printf("  not a bundle phonerescue knows; MD5 %s\n", hex);
	}
	/* What each model now gets, in `firmware`'s words (issue 17). */
	fwcmd_print_bundle_serves(stdout, root, m);
	/* Locale and background folders, by the path a phone asks for. */
	for (i = 0; i < m->nsets; i++) {
		const struct fw_mset *ms = &m->sets[i];

		printf("  %s %s/: %zu file%s, %llu bytes", ms->kind ==
		    FW_SET_LOCALE ? "locale" : "background", ms->dir,
		    ms->nfiles, ms->nfiles == 1 ? "" : "s",
		    (unsigned long long)ms->bytes);
		if (ms->nfrom > 1)
			printf(" (from %s/ and %zu more folder%s)\n",
			    ms->from[0] ? ms->from : ".", ms->nfrom - 1,
			    ms->nfrom == 2 ? "" : "s");
		else if (strcmp(ms->from, ms->dir) != 0)
			printf(" (from %s/)\n", ms->from[0] ? ms->from : ".");
		else
			printf("\n");
	}
	for (i = 0; i < m->nnotes; i++)
		printf("  %s\n", m->notes[i]);
}

/* What `import` was asked for. */
struct import_args {
	struct fw_import_opts o;
	struct cfgxml_opts co;
	const char	*root, *demo, *fmt, *variant;
	unsigned long long comp_size;
	int		 force, no_config;
};

/* The options into a; 0, or the usage error's exit code. */
static int
import_parse(const struct cmd *self, int argc, char **argv,
    struct import_args *a)
{
	unsigned long long v;
	int		 ch;

	memset(a, 0, sizeof *a);
	a->fmt = "dir";
	a->variant = "base";
	a->comp_size = 65536;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:", import_longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'r':
			a->root = optarg;
			break;
		case OPT_DEMO:
			a->demo = optarg;
			break;
		case OPT_FORMAT:
			a->fmt = optarg;
			break;
		case OPT_VARIANT:
			a->variant = optarg;
			break;
		case OPT_COMP_SIZE:
			if (util_parse_uint(optarg, 0, 256ULL << 20,
			    &a->comp_size) != 0)
				return (cmd_usage_error(self, "bad "
				    "--component-size %s", optarg));
			break;
		case OPT_FORCE:
			a->force = 1;
			break;
		case OPT_KEEP:
			a->o.keep_defaults = 1;
			break;
		case OPT_INCOMPLETE:
			a->o.allow_incomplete = 1;
			break;
		case OPT_MAX_ENTRY:
		case OPT_MAX_TOTAL:
			if (util_parse_uint(optarg, 1, ~0ULL, &v) != 0)
				return (cmd_usage_error(self, "bad size %s",
				    optarg));
			if (ch == OPT_MAX_ENTRY)
				a->o.max_entry = v;
			else
				a->o.max_total = v;
			break;
		case OPT_NO_CONFIG:
			a->no_config = 1;
			break;
		case OPT_SERVER:
			a->co.server = optarg;
			break;
		case OPT_KNOWN:
			a->o.known_path = optarg;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	return (0);
}

/*
 * Import each archive into ROOT until one signal stops it, saying what
 * each brought or why it failed; the count that failed.  *imported
 * counts the others, *changed is set when a failure left ROOT altered.
 */
static int
import_all(struct import_args *a, int n, char **archives, int existed,
    int *imported, int *changed)
{
	struct fw_manifest m;
	struct sigaction sa, oldint, oldterm, oldhup;
	char		 err[FW_ERRBUF_SIZE];
	size_t		 k;
	int		 i, failed = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);
	sigaction(SIGHUP, &sa, &oldhup);	/* the terminal closed */
	a->o.stop = &import_stop;
	a->o.progress = show_progress;
	for (i = 0; i < n && !import_stop; i++) {
		a->o.progress_arg = archives[i];
		if (fw_import_archive(archives[i], a->root, &a->o, &m,
		    err) != 0) {
			fprintf(stderr, "phonerescue import: %s: %s\n",
			    archives[i], err);
			/* Say only what is true (a new ROOT goes below). */
			if (m.root_changed) {
				fprintf(stderr, "phonerescue import: %s is NOT "
				    "as it was: see below\n", a->root);
				*changed = 1;
			} else if (existed || *imported > 0)
				fprintf(stderr, "phonerescue import: %s is "
				    "unchanged\n", a->root);
			for (k = 0; k < m.nnotes; k++)
				fprintf(stderr, "  %s\n", m.notes[k]);
			failed++;
		} else {
			print_manifest(archives[i], a->root, &m);
			(*imported)++;
		}
		fw_manifest_free(&m);
	}
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	sigaction(SIGHUP, &oldhup, NULL);
	return (failed);
}

/* --make-demo-bundle DEST. */
static int
import_demo(const struct import_args *a)
{
	char		 err[FW_ERRBUF_SIZE];

	if (fw_demo_write_bundle(a->demo, a->fmt, a->variant,
	    (size_t)a->comp_size, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue import: %s\n", err);
		return (EC_FAIL);
	}
	printf("wrote the demo bundle %s (%s)\n", a->demo, a->fmt);
	return (EC_OK);
}

static int
cmd_import(const struct cmd *self, int argc, char **argv)
{
	struct import_args a;
	struct fw_catalog *cat;
	char		 err[FW_ERRBUF_SIZE], msg[512];
	struct stat	 sb;
	size_t		 made[MAX_MADE], nmade = 0;
	int		 failed, imported = 0, r, existed, changed = 0;

	if ((r = import_parse(self, argc, argv, &a)) != 0)
		return (r);
	if (a.demo != NULL) {
		if (optind != argc)
			return (cmd_usage_error(self, "--make-demo-bundle takes "
			    "no ARCHIVE"));
		return (import_demo(&a));
	}
	if (optind == argc)
		return (cmd_usage_error(self, "name an ARCHIVE to import"));
	a.root = fwcmd_root(a.root);
	existed = stat(a.root, &sb) == 0;
	if (make_root(a.root, made, &nmade) != 0) {
		fprintf(stderr, "phonerescue import: %s: %s\n", a.root,
		    strerror(errno));
		(void)unmake_root(a.root, made, nmade);
		return (EC_FAIL);
	}
	failed = import_all(&a, argc - optind, argv + optind, existed,
	    &imported, &changed);
	/* Nothing imported into a ROOT made for it: take it away again. */
	if (imported == 0 && !existed && !changed) {
		if (unmake_root(a.root, made, nmade) == 0)
			fprintf(stderr, "phonerescue import: nothing imported; "
			    "%s was not created\n", a.root);
		else
			fprintf(stderr, "phonerescue import: nothing imported "
			    "into the new, empty %s\n", a.root);
		return (EC_FAIL);
	}
	if ((cat = fw_catalog_open(a.root, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue import: %s\n", err);
		return (EC_FAIL);
	}
	printf("\n%s now serves:\n", a.root);
	fwcmd_print_served(stdout, cat);
	fw_catalog_free(cat);
	/* A failed import leaves ROOT as it was: configs included. */
	if (!a.no_config && imported > 0) {
		r = cfgxml_refresh_default(a.root, &a.co, a.force, msg,
		    sizeof msg);
		if (r < 0) {
			fprintf(stderr, "phonerescue import: %s\n", msg);
			failed++;
		} else
			printf("%s\n", msg);
	}
	return (failed ? EC_FAIL : EC_OK);
}

const struct cmd cmd_import_def = {
	"import", cmd_import,
	"import [-r ROOT] [--keep-defaults] [--allow-incomplete] [--force] "
	"ARCHIVE...\n"
	"       phonerescue import --make-demo-bundle DEST "
	"[--format dir|zip|tar|tgz|cop] [--variant base|new|legacy]\n"
	"       [--component-size BYTES]",
	"bring firmware bundles (.zip, .tar, .tgz, .cop.sgn, a directory) "
	"into ROOT",
	"Reads each ARCHIVE in-process (libarchive), refuses hostile entries\n"
	"(absolute or .. paths, symlinks, hard links, devices, bombs), skips\n"
	"copstart.sh and the like, checks every .loads against the files,\n"
	"verifies known bundles by MD5/SHA-1/SHA-512, and only then moves the\n"
	"files into ROOT: a failed or interrupted import leaves ROOT as it was.\n"
	"Afterwards it says which models ROOT serves and regenerates the\n"
	"XMLDefault.cnf.xml phonerescue wrote (or creates one).\n"
	"\n"
	"  -r ROOT              the TFTP root (default $PHONERESCUE_ROOT, else\n"
	"                       " PR_DEFAULT_ROOT ")\n"
	"  --keep-defaults      keep ROOT's termNN.default.loads files; the new\n"
	"                       ones are stored for firmware --default\n"
	"  --allow-incomplete   import loads whose components are missing\n"
	"  --force              replace an XMLDefault.cnf.xml you wrote (a\n"
	"                       backup is kept)\n"
	"  --server ADDR        processNodeName for a new XMLDefault.cnf.xml\n"
	"  --no-config          leave XMLDefault.cnf.xml alone\n"
	"  --max-entry-bytes N  cap one file (default 512 MiB)\n"
	"  --max-total-bytes N  cap a whole bundle (default 2 GiB)\n"
	"  --known-bundles FILE a checksum table instead of the compiled-in\n"
	"                       one (known-bundles.tsv format)\n"
	"  --make-demo-bundle DEST\n"
	"                       write a synthetic bundle with the real\n"
	"                       structure (7970/7971 and 7942/7962 loads) as\n"
	"                       a directory or an archive (--format);\n"
	"                       --variant new: a later 7970/7971 load;\n"
	"                       legacy: a 7940/7960 SIP load\n"
	"\n"
	"Only files a phone asks for are imported; the rest is listed as\n"
	"skipped.  Locale and background folders keep the path a phone asks\n"
	"for (LOCALE/NAME, Desktops/WxHxD/NAME); other folders are flattened.\n"
	"Exit 0 when every ARCHIVE was imported, 1 otherwise (an\n"
	"ARCHIVE refused, or holding nothing for a phone phonerescue\n"
	"recovers).\n",
};
