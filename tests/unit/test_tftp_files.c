/*
 * TFTP file providers: name normalisation, confinement under the root
 * (30+ traversal attempts, symlinks out), case-insensitive fallback with
 * the exact name winning, shared descriptors, and the in-memory provider.
 * The root checks run twice: with openat2, and with openat2 refused by a
 * seccomp filter (as serve's sandbox does), where the same resolution is
 * walked by hand (src/core/beneath.c).
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../tap.h"
#include "compat.h"
#include "fw/fw_catalog.h"
#include "tftp/tftp_files.h"

static char	 tmp[256], root[300], outside[300];

static void
put(const char *rel, const char *text)
{
	char	 path[600];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", tmp, rel);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
}

static void
mkd(const char *rel)
{
	char	 path[600];

	snprintf(path, sizeof path, "%s/%s", tmp, rel);
	mkdir(path, 0755);
}

static void
lnk(const char *target, const char *rel)
{
	char	 path[600];

	snprintf(path, sizeof path, "%s/%s", tmp, rel);
	if (symlink(target, path) != 0)
		perror(path);
}

static void
test_normalise(void)
{
	char	 out[64];

	ok(tftp_files_normalise("/7960-font.xml", out, sizeof out) == 0 &&
	    strcmp(out, "7960-font.xml") == 0, "leading / stripped");
	ok(tftp_files_normalise("US\\g3-tones.xml", out, sizeof out) == 0 &&
	    strcmp(out, "US/g3-tones.xml") == 0, "\\ becomes /");
	ok(tftp_files_normalise("//a//./b/", out, sizeof out) == 0 &&
	    strcmp(out, "a/b") == 0, "empty and . components dropped");
	ok(tftp_files_normalise("a..b", out, sizeof out) == 0 &&
	    strcmp(out, "a..b") == 0, "'..' inside a name is fine");
	is_int(tftp_files_normalise("a/../b", out, sizeof out), -1, ".. refused");
	is_int(tftp_files_normalise(".phonerescue/defaults", out, sizeof out), -1,
	    "the importer's hidden state directory refused");
	is_int(tftp_files_normalise("/a/.phonerescue-import.123/x.sbn", out,
	    sizeof out), -1, "a hidden component anywhere refused");
	is_int(tftp_files_normalise("", out, sizeof out), -1, "empty refused");
	is_int(tftp_files_normalise("/", out, sizeof out), -1, "/ alone refused");
	is_int(tftp_files_normalise("aaaaaaaaaa", out, 8), -1, "too long refused");
}

static int	 open_for(struct tftp_files *, uint32_t, const char *, char *,
		     size_t, char *, size_t);

/* Open name as any client (no resolver: the same for all), read it. */
static int
try_open(struct tftp_files *f, const char *name, char *served, size_t len,
    char *content, size_t clen)
{
	return (open_for(f, 0, name, served, len, content, clen));
}

static void
test_root(void)
{
	struct tftp_files	*f;
	struct tftp_file	*a = NULL, *b = NULL;
	char			 err[256], served[256], buf[64];
	const char		*why;
	/* Every one of these must be refused: none may reach "secret". */
	static const char *const attacks[] = {
		"../outside/secret", "..\\outside\\secret",
		"/../outside/secret", "\\..\\outside\\secret",
		"sub/../../outside/secret", "sub\\..\\..\\outside\\secret",
		"./../outside/secret", "a/b/../../../outside/secret",
		"..", "../", "/..", "....//../outside/secret",
		"sub/./../../outside/secret", "sub//..//..//outside/secret",
		"../../../../../../../../etc/passwd",
		"..\\..\\..\\..\\etc\\passwd", "/etc/passwd/..",
		"escape/secret", "escape", "ESCAPE/secret", "Escape/Secret",
		"abs/secret", "abs", "ABS/SECRET", "sub/up/outside/secret",
		"sub/up/../secret", "loop", "loop/x", "sub/Up/outside/secret",
		"proc-self", "..%2foutside%2fsecret", "%2e%2e/outside/secret",
		"sub/uplink", "fifo", "sub", "dotdot/../../outside/secret",
	};
	size_t			 i, refused = 0, leaked = 0;
	int			 code;

	f = tftp_files_root_new(root, err, sizeof err);
	ok(f != NULL, "root provider opens %s", root);
	if (f == NULL)
		return;

	is_int(try_open(f, "SEP001122334455.cnf.xml", served, sizeof served, buf,
	    sizeof buf), 0, "exact name");
	is_str(buf, "sep-config", "its bytes");
	is_int(try_open(f, "/sub\\Jar70sip.sbn", served, sizeof served, buf,
	    sizeof buf), 0, "/ and \\ and case: found");
	is_str(served, "sub/jar70sip.sbn", "served as the real name");
	is_int(try_open(f, "SUB/JAR70SIP.SBN", served, sizeof served, buf,
	    sizeof buf), 0, "directory component case-insensitive too");
	is_int(try_open(f, "Both.txt", served, sizeof served, buf, sizeof buf), 0,
	    "exact of two case variants");
	is_str(buf, "upper", "the exact one wins");
	is_int(try_open(f, "both.txt", served, sizeof served, buf, sizeof buf), 0,
	    "the other exact");
	is_str(buf, "lower", "also exact");
	is_int(try_open(f, "BOTH.TXT", served, sizeof served, buf, sizeof buf), 0,
	    "neither exact: a stable case-insensitive pick");
	is_str(served, "Both.txt", "the smallest name of the matches");
	is_int(try_open(f, "sub/inside-link", served, sizeof served, buf,
	    sizeof buf), 0, "a symlink that stays inside the root is fine");
	is_str(buf, "sep-config", "and reads its target");
	is_int(try_open(f, "linkdir/jar70sip.sbn", served, sizeof served, buf,
	    sizeof buf), 0, "a linked folder that stays inside (7911 -> 7906)");
	is_str(buf, "jar", "and reads the file in its target");
	is_int(try_open(f, "LINKDIR\\JAR70SIP.SBN", served, sizeof served, buf,
	    sizeof buf), 0, "the linked folder in another case");
	is_int(try_open(f, "sub/dotlink", served, sizeof served, buf,
	    sizeof buf), 0, "a link through .. that stays inside");
	is_str(buf, "jar", "reads its target");
	is_int(try_open(f, "escape/secret", served, sizeof served, buf,
	    sizeof buf), 2, "a linked folder leading out: code 2");
	is_int(try_open(f, "nosuch.loads", served, sizeof served, buf,
	    sizeof buf), 1, "missing: code 1");
	is_int(try_open(f, "", served, sizeof served, buf, sizeof buf), 1,
	    "empty name: code 1");
	is_int(try_open(f, "sub", served, sizeof served, buf, sizeof buf), 1,
	    "a directory: code 1 (not a file)");

	for (i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		code = try_open(f, attacks[i], served, sizeof served, buf,
		    sizeof buf);
		if (code != 0)
			refused++;
		else
			diag("served %s as %s", attacks[i], served);
		if (code == 0 && strstr(buf, "SECRET") != NULL)
			leaked++;
	}
	is_int(refused, sizeof attacks / sizeof attacks[0],
	    "all %zu traversal attempts refused", sizeof attacks / sizeof attacks[0]);
	is_int(leaked, 0, "nothing outside the root was read");

	/* Shared descriptors. */
	ok(f->open(f, "SEP001122334455.cnf.xml", &a, served, sizeof served,
	    &why) == 0 && f->open(f, "sep001122334455.CNF.xml", &b, served,
	    sizeof served, &why) == 0, "opened twice");
	ok(a == b, "one shared handle for both");
	is_int(f->nopen(f), 1, "one descriptor");
	f->close(f, a);
	is_int(f->nopen(f), 1, "still open for the other");
	f->close(f, b);
	is_int(f->nopen(f), 0, "closed with the last");
	f->free(f);
}

static void
test_mem(void)
{
	struct tftp_files	*f = tftp_files_mem_new();
	char			 served[64], buf[64];

	tftp_files_mem_add(f, "termNN.default.loads", "loads", 5);
	tftp_files_mem_add(f, "Dir/File", "df", 2);
	is_int(try_open(f, "/TERMnn.DEFAULT.loads", served, sizeof served, buf,
	    sizeof buf), 0, "memory: case-insensitive");
	is_str(buf, "loads", "memory: bytes");
	is_int(try_open(f, "dir\\file", served, sizeof served, buf, sizeof buf),
	    0, "memory: backslash");
	is_int(try_open(f, "../Dir/File", served, sizeof served, buf,
	    sizeof buf), 2, "memory: .. refused");
	is_int(try_open(f, "nope", served, sizeof served, buf, sizeof buf), 1,
	    "memory: missing");
	f->free(f);
}

/*
 * A fake per-client resolver: 10.0.0.1 gets the kept 8.5(2) term file,
 * 10.0.0.2 a list of hostile overrides by index, others the name asked.
 */
static const char *const bad_overrides[] = {
	"../outside/secret", TFTP_FILES_STORE "/../../outside/secret",
	TFTP_FILES_STORE "/x/../../../outside/secret", ".phonerescue/defaults",
	".phonerescue-import.1/x", TFTP_FILES_STORE "/.hidden/term70.default.loads",
	"/" TFTP_FILES_STORE "/SIP70.8-5-2S/term70.default.loads",
	".PHONERESCUE/TERMS/SIP70.8-5-2S/term70.default.loads",
	TFTP_FILES_STORE "/escape/secret", "escape/secret", "",
	TFTP_FILES_STORE "/", TFTP_FILES_STORE,
};
static size_t	 bad_i;
static char	 last_name[256];
static uint32_t	 last_client;

static int
fake_resolve(void *arg, uint32_t client, const char *name, char *out,
    size_t outlen)
{
	(void)arg;
	last_client = client;
	strlcpy(last_name, name, sizeof last_name);
	if (client == htonl(0x0a000001) &&
	    strcasecmp(name, "term70.default.loads") == 0) {
		strlcpy(out, TFTP_FILES_STORE "/SIP70.8-5-2S/term70.default.loads",
		    outlen);
		return (1);
	}
	if (client == htonl(0x0a000002)) {
		strlcpy(out, bad_overrides[bad_i], outlen);
		return (1);
	}
	if (client == htonl(0x0a000004))
		return (-1);		/* held back: ROOT lacks its bridge */
	return (0);
}

static int
open_for(struct tftp_files *f, uint32_t client, const char *name,
    char *served, size_t len, char *content, size_t clen)
{
	struct tftp_file	*fh;
	const char		*why;
	int			 code;
	ssize_t			 n;

	served[0] = content[0] = '\0';
	if ((code = tftp_files_open_for(f, client, name, &fh, served, len,
	    &why)) != 0)
		return (code);
	n = f->read_block(f, fh, 0, content, clen - 1);
	content[n > 0 ? n : 0] = '\0';
	f->close(f, fh);
	return (0);
}

static void
test_resolver_on(struct tftp_files *f, const char *what)
{
	char		 served[256], buf[64];
	size_t		 refused = 0, leaked = 0;

	is_int(open_for(f, htonl(0x0a000001), "/TERM70.default.loads", served,
	    sizeof served, buf, sizeof buf), 0, "%s: no resolver: opens", what);
	is_str(buf, "9.4", "%s: no resolver: the served default", what);
	tftp_files_set_resolver(f, fake_resolve, NULL);
	is_int(open_for(f, htonl(0x0a000001), "/TERM70.default.loads", served,
	    sizeof served, buf, sizeof buf), 0, "%s: overridden: opens", what);
	is_str(buf, "8.5", "%s: this client gets the kept 8.5(2) file", what);
	is_str(served, TFTP_FILES_STORE "/SIP70.8-5-2S/term70.default.loads",
	    "%s: served path is the kept file", what);
	is_str(last_name, "TERM70.default.loads", "%s: resolver got the "
	    "normalised name", what);
	is_int(open_for(f, htonl(0x0a000003), "term70.default.loads", served,
	    sizeof served, buf, sizeof buf), 0, "%s: another client", what);
	is_str(buf, "9.4", "%s: another client: the served default", what);
	ok(last_client == htonl(0x0a000003), "%s: resolver got the client",
	    what);
	for (bad_i = 0; bad_i < sizeof bad_overrides /
	    sizeof bad_overrides[0]; bad_i++) {
		if (open_for(f, htonl(0x0a000002), "term70.default.loads",
		    served, sizeof served, buf, sizeof buf) != 0)
			refused++;
		else
			diag("%s: override %s served as %s", what,
			    bad_overrides[bad_i], served);
		if (strstr(buf, "SECRET") != NULL || strstr(buf, "8.5") != NULL)
			leaked++;
	}
	is_int(refused, sizeof bad_overrides / sizeof bad_overrides[0],
	    "%s: all %zu hostile overrides refused", what,
	    sizeof bad_overrides / sizeof bad_overrides[0]);
	is_int(leaked, 0, "%s: nothing outside the store's exact name read",
	    what);
	ok(open_for(f, htonl(0x0a000003), TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads", served, sizeof served, buf,
	    sizeof buf) != 0, "%s: a phone cannot ask for the store itself",
	    what);
	is_int(open_for(f, htonl(0x0a000004), "term70.default.loads", served,
	    sizeof served, buf, sizeof buf), 1, "%s: refused to this client: "
	    "missing (TFTP error 1)", what);
	is_str(buf, "", "%s: refused: nothing read", what);
	tftp_files_set_resolver(f, NULL, NULL);
	is_int(open_for(f, htonl(0x0a000001), "term70.default.loads", served,
	    sizeof served, buf, sizeof buf), 0, "%s: resolver removed", what);
	is_str(buf, "9.4", "%s: back to the served default", what);
}

static void
test_resolver(void)
{
	struct tftp_files	*f;
	char			 err[256];

	is_str(TFTP_FILES_STORE, FW_TERMS_DIR, "the store is the importer's");
	f = tftp_files_root_new(root, err, sizeof err);
	if (!ok(f != NULL, "root provider for the resolver"))
		return;
	test_resolver_on(f, "root");
	f->free(f);
	f = tftp_files_mem_new();
	tftp_files_mem_add(f, "term70.default.loads", "9.4", 3);
	tftp_files_mem_add(f, TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads", "8.5", 3);
	tftp_files_mem_add(f, "../outside/secret", "SECRET", 6);
	test_resolver_on(f, "memory");
	f->free(f);
}

/* Make openat2 fail with ENOSYS from here on, as the sandbox does. */
static int
refuse_openat2(void)
{
	struct sock_filter	 prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog	 fp = { sizeof prog / sizeof prog[0], prog };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp) != 0)
		return (-1);
	errno = 0;
	return (syscall(SYS_openat2, AT_FDCWD, ".", NULL, 0) == -1 &&
	    errno == ENOSYS ? 0 : -1);
}

int
main(void)
{
	char	 path[600];

	strlcpy(tmp, "/tmp/test_tftp_files.XXXXXX", sizeof tmp);
	if (mkdtemp(tmp) == NULL)
		return (99);
	snprintf(root, sizeof root, "%s/root", tmp);
	snprintf(outside, sizeof outside, "%s/outside", tmp);
	mkd("root");
	mkd("outside");
	mkd("root/sub");
	mkd("root/dotdot");
	put("outside/secret", "SECRET");
	put("root/SEP001122334455.cnf.xml", "sep-config");
	put("root/sub/jar70sip.sbn", "jar");
	put("root/Both.txt", "upper");
	put("root/both.txt", "lower");
	put("root/bOTH.txt", "mixed");
	lnk("../SEP001122334455.cnf.xml", "root/sub/inside-link");
	snprintf(path, sizeof path, "%s", outside);
	lnk(path, "root/abs");				/* absolute, out */
	lnk("../outside", "root/escape");		/* relative, out */
	lnk("../..", "root/sub/up");			/* relative, out */
	lnk("../../outside/secret", "root/sub/uplink");
	lnk("loop", "root/loop");
	lnk("sub", "root/linkdir");			/* a folder, inside */
	lnk("../sub/./jar70sip.sbn", "root/sub/dotlink");
	lnk("/proc/self/root/etc/passwd", "root/proc-self");
	snprintf(path, sizeof path, "%s/root/fifo", tmp);
	mkfifo(path, 0644);
	put("root/term70.default.loads", "9.4");
	mkd("root/.phonerescue");
	mkd("root/.phonerescue/terms");
	mkd("root/.phonerescue/terms/SIP70.8-5-2S");
	put("root/.phonerescue/terms/SIP70.8-5-2S/term70.default.loads", "8.5");
	lnk("../../../outside", "root/.phonerescue/terms/escape");

	test_normalise();
	test_root();
	test_mem();
	test_resolver();
	ok(refuse_openat2() == 0, "openat2 refused (ENOSYS) by a filter");
	test_root();
	test_resolver();

	snprintf(path, sizeof path, "rm -rf '%s'", tmp);
	if (system(path) != 0)
		diag("could not remove %s", tmp);
	return (done_testing());
}
