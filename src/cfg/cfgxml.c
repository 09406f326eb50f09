/*
 * Phone configuration files: every formatting decision in this one file
 * (shared/domain/cisco-phones.md 2.3, 6.1, 6.2).
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "cfg/cfgxml.h"
#include "cfg/cfgxml_internal.h"
#include "fw/fw_catalog.h"
#include "fw/fw_hash.h"
#include "model/model.h"
#include "sbuf.h"
#include "util.h"

#define CFGXML_INDENT	"  "

/* The marker comment, first thing in every file we write. */
#define CFGXML_MARKER_TEXT " " CFGXML_MARKER " from the firmware in this " \
	"TFTP root; rewritten after every import. Delete this comment to " \
	"keep your edits. "

static xmlTextWriterPtr	 writer_new(xmlBufferPtr *);
static int		 writer_done(xmlTextWriterPtr, xmlBufferPtr,
			     struct sbuf *, char *, size_t);
static void		 write_cmgroup(xmlTextWriterPtr, const char *, int);
static int		 text_ok(const char *);

void
cfgxml_model_text(const struct model *m, char *buf, size_t len)
{
	size_t	 n = strlen(m->name);

	if (n > 3 && strcmp(m->name + n - 3, "-GE") == 0)
		snprintf(buf, len, "Cisco %.*sG-GE", (int)(n - 3), m->name);
	else
		snprintf(buf, len, "Cisco %s", m->name);
}

/* Printable ASCII only: these values end up in files phones parse. */
static int
text_ok(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isprint((unsigned char)*s))
			return (0);
	}
	return (1);
}

static xmlTextWriterPtr
writer_new(xmlBufferPtr *bp)
{
	xmlTextWriterPtr w;

	if ((*bp = xmlBufferCreate()) == NULL)
		return (NULL);
	if ((w = xmlNewTextWriterMemory(*bp, 0)) == NULL) {
		xmlBufferFree(*bp);
		return (NULL);
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST CFGXML_INDENT);
	xmlTextWriterWriteComment(w, BAD_CAST CFGXML_MARKER_TEXT);
	return (w);
}

static int
writer_done(xmlTextWriterPtr w, xmlBufferPtr b, struct sbuf *out, char *err,
    size_t errlen)
{
	int	 rc = 0;

	if (xmlTextWriterEndDocument(w) < 0) {
		snprintf(err, errlen, "libxml2 could not write the document");
		rc = -1;
	}
	xmlFreeTextWriter(w);
	if (rc == 0)
		sbuf_add(out, (const char *)xmlBufferContent(b),
		    (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	return (rc);
}

/* callManagerGroup: the 2025 recovery notes say phones need it. */
static void
write_cmgroup(xmlTextWriterPtr w, const char *server, int sip)
{
	xmlTextWriterStartElement(w, BAD_CAST "callManagerGroup");
	xmlTextWriterStartElement(w, BAD_CAST "members");
	xmlTextWriterStartElement(w, BAD_CAST "member");
	xmlTextWriterWriteAttribute(w, BAD_CAST "priority", BAD_CAST "0");
	xmlTextWriterStartElement(w, BAD_CAST "callManager");
	xmlTextWriterStartElement(w, BAD_CAST "ports");
	xmlTextWriterWriteFormatElement(w, BAD_CAST "ethernetPhonePort", "%d",
	    CFGXML_SCCP_PORT);
	if (sip)
		xmlTextWriterWriteFormatElement(w, BAD_CAST "sipPort", "%d",
		    CFGXML_SIP_PORT);
	xmlTextWriterEndElement(w);
	xmlTextWriterWriteElement(w, BAD_CAST "processNodeName",
	    BAD_CAST server);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

int
cfgxml_default(const struct fw_catalog *cat, const struct cfgxml_opts *o,
    struct sbuf *out, char *err, size_t errlen)
{
	const struct model *m;
	struct fw_served s;
	xmlTextWriterPtr w;
	xmlBufferPtr	 b;
	char		 el[32], mt[64];
	const char	*server;
	size_t		 i;

	server = o != NULL && o->server != NULL ? o->server :
	    CFGXML_DEFAULT_SERVER;
	if (!text_ok(server) || (o != NULL && o->autoreg != NULL &&
	    !text_ok(o->autoreg))) {
		snprintf(err, errlen, "server and names must be printable "
		    "ASCII");
		return (-1);
	}
	if ((w = writer_new(&b)) == NULL) {
		snprintf(err, errlen, "libxml2: out of memory");
		return (-1);
	}
	xmlTextWriterStartElement(w, BAD_CAST "Default");
	write_cmgroup(w, server, 0);
	if (o != NULL && o->autoreg != NULL)
		xmlTextWriterWriteElement(w, BAD_CAST "autoRegistrationName",
		    BAD_CAST o->autoreg);
	for (i = 0; i < model_count(); i++) {
		m = model_at(i);
		if (!fw_catalog_served(cat, m, &s) || !s.complete)
			continue;
		snprintf(el, sizeof el, "loadInformation%u", m->devtype);
		cfgxml_model_text(m, mt, sizeof mt);
		xmlTextWriterStartElement(w, BAD_CAST el);
		xmlTextWriterWriteAttribute(w, BAD_CAST "model", BAD_CAST mt);
		xmlTextWriterWriteString(w, BAD_CAST s.load_name);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	return (writer_done(w, b, out, err, errlen));
}

/* The phone's MAC (SEP and SIP files); 0, or -1 with err. */
static int
sep_mac(const struct cfgxml_sep *c, uint8_t mac[6], char *err, size_t errlen)
{
	if (c->mac == NULL || util_mac_parse(c->mac, mac) != 0) {
		snprintf(err, errlen, "need a MAC address (like "
		    "00:1b:2a:3c:4d:5e)");
		return (-1);
	}
	return (0);
}

/* The SEP file's values: printable, a label without spaces, a line for a proxy. */
static int
sep_check(const struct cfgxml_sep *c, const char *const fields[7], char *err,
    size_t errlen)
{
	size_t	 i;

	for (i = 0; i < 7; i++) {
		if (fields[i] != NULL && !text_ok(fields[i])) {
			snprintf(err, errlen, "values must be printable ASCII");
			return (-1);
		}
	}
	if (c->password != NULL && !text_ok(c->password)) {
		snprintf(err, errlen, "values must be printable ASCII");
		return (-1);
	}
	if (c->label != NULL && strchr(c->label, ' ') != NULL) {
		snprintf(err, errlen, "phoneLabel must not contain spaces: "
		    "79xx phones reject the whole file");
		return (-1);
	}
	if (c->proxy != NULL && c->line == NULL) {
		snprintf(err, errlen, "a SIP proxy needs a line (--line)");
		return (-1);
	}
	return (0);
}

/* <sipProfile>: register line 1 with the proxy. */
static void
write_sip_profile(xmlTextWriterPtr w, const struct cfgxml_sep *c)
{
	xmlTextWriterStartElement(w, BAD_CAST "sipProfile");
	xmlTextWriterStartElement(w, BAD_CAST "sipProxies");
	xmlTextWriterWriteElement(w, BAD_CAST "registerWithProxy",
	    BAD_CAST "true");
	xmlTextWriterEndElement(w);
	if (c->label != NULL)
		xmlTextWriterWriteElement(w, BAD_CAST "phoneLabel",
		    BAD_CAST c->label);
	xmlTextWriterStartElement(w, BAD_CAST "sipLines");
	xmlTextWriterStartElement(w, BAD_CAST "line");
	xmlTextWriterWriteAttribute(w, BAD_CAST "button", BAD_CAST "1");
	xmlTextWriterWriteElement(w, BAD_CAST "featureID", BAD_CAST "9");
	xmlTextWriterWriteElement(w, BAD_CAST "featureLabel",
	    BAD_CAST (c->display != NULL ? c->display : c->line));
	xmlTextWriterWriteElement(w, BAD_CAST "proxy", BAD_CAST c->proxy);
	xmlTextWriterWriteFormatElement(w, BAD_CAST "port", "%d",
	    CFGXML_SIP_PORT);
	xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST c->line);
	xmlTextWriterWriteElement(w, BAD_CAST "displayName",
	    BAD_CAST (c->display != NULL ? c->display : c->line));
	xmlTextWriterWriteElement(w, BAD_CAST "authName",
	    BAD_CAST (c->auth_name != NULL ? c->auth_name : c->line));
	xmlTextWriterWriteElement(w, BAD_CAST "authPassword",
	    BAD_CAST (c->password != NULL ? c->password : ""));
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

int
cfgxml_sep(const struct cfgxml_sep *c, struct sbuf *out, char *name,
    size_t namelen, char *err, size_t errlen)
{
	xmlTextWriterPtr w;
	xmlBufferPtr	 b;
	struct fw_hasher h;
	struct fw_digest d;
	uint8_t		 mac[6];
	char		 mt[64], hex[33], macs[13];
	const char	*server, *fields[7];
	size_t		 i;

	if (sep_mac(c, mac, err, errlen) != 0)
		return (-1);
	snprintf(macs, sizeof macs, "%02X%02X%02X%02X%02X%02X", mac[0],
	    mac[1], mac[2], mac[3], mac[4], mac[5]);
	snprintf(name, namelen, "SEP%s.cnf.xml", macs);
	server = c->server != NULL ? c->server : CFGXML_DEFAULT_SERVER;
	fields[0] = server;
	fields[1] = c->load;
	fields[2] = c->proxy;
	fields[3] = c->line;
	fields[4] = c->auth_name;
	fields[5] = c->display;
	fields[6] = c->label;
	if (sep_check(c, fields, err, errlen) != 0)
		return (-1);
	/* versionStamp: changes whenever the content does (domain 6.2). */
	fw_hash_init(&h, 0);
	fw_hash_update(&h, macs, strlen(macs));
	for (i = 0; i < 7; i++)
		if (fields[i] != NULL)
			fw_hash_update(&h, fields[i], strlen(fields[i]) + 1);
	if (c->password != NULL)
		fw_hash_update(&h, c->password, strlen(c->password));
	fw_hash_final(&h, &d);
	fw_hash_hex(d.md5, 8, hex);

	if ((w = writer_new(&b)) == NULL) {
		snprintf(err, errlen, "libxml2: out of memory");
		return (-1);
	}
	xmlTextWriterStartElement(w, BAD_CAST "device");
	if (c->sip || c->proxy != NULL)
		xmlTextWriterWriteElement(w, BAD_CAST "deviceProtocol",
		    BAD_CAST "SIP");
	xmlTextWriterStartElement(w, BAD_CAST "devicePool");
	write_cmgroup(w, server, c->sip || c->proxy != NULL);
	xmlTextWriterEndElement(w);
	if (c->proxy != NULL)
		write_sip_profile(w, c);
	if (c->load != NULL) {
		xmlTextWriterStartElement(w, BAD_CAST "loadInformation");
		if (c->model != NULL) {
			cfgxml_model_text(c->model, mt, sizeof mt);
			xmlTextWriterWriteAttribute(w, BAD_CAST "model",
			    BAD_CAST mt);
		}
		xmlTextWriterWriteString(w, BAD_CAST c->load);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterWriteElement(w, BAD_CAST "versionStamp", BAD_CAST hex);
	xmlTextWriterEndElement(w);
	return (writer_done(w, b, out, err, errlen));
}

/* A value for a "key: value" file: printable, no quote (none is escaped). */
static int
kv_ok(const char *s)
{
	return (s == NULL || (text_ok(s) && strchr(s, '"') == NULL));
}

int
cfgxml_sipmac(const struct cfgxml_sep *c, struct sbuf *out, char *name,
    size_t namelen, char *err, size_t errlen)
{
	uint8_t		 mac[6];

	if (sep_mac(c, mac, err, errlen) != 0)
		return (-1);
	if (!kv_ok(c->line) || !kv_ok(c->auth_name) || !kv_ok(c->password) ||
	    !kv_ok(c->display) || !kv_ok(c->proxy)) {
		snprintf(err, errlen, "SIP<MAC>.cnf values must be printable "
		    "ASCII without a double quote");
		return (-1);
	}
	if (c->proxy != NULL && c->line == NULL) {
		snprintf(err, errlen, "a SIP proxy needs a line (--line)");
		return (-1);
	}
	/* Upper-case MAC: the 7940 asks for exactly that (domain 2.5). */
	snprintf(name, namelen, "SIP%02X%02X%02X%02X%02X%02X.cnf", mac[0],
	    mac[1], mac[2], mac[3], mac[4], mac[5]);
	sbuf_addf(out, "# %s for this phone\n", CFGXML_MARKER);
	if (c->line != NULL) {
		sbuf_addf(out, "line1_name: \"%s\"\n", c->line);
		sbuf_addf(out, "line1_authname: \"%s\"\n",
		    c->auth_name != NULL ? c->auth_name : c->line);
		sbuf_addf(out, "line1_password: \"%s\"\n",
		    c->password != NULL ? c->password : "");
		sbuf_addf(out, "line1_displayname: \"%s\"\n",
		    c->display != NULL ? c->display : c->line);
	}
	if (c->proxy != NULL)
		sbuf_addf(out, "proxy1_address: \"%s\"\nproxy1_port: %d\n",
		    c->proxy, CFGXML_SIP_PORT);
	return (0);
}

int
cfgxml_os79xx(const char *load, struct sbuf *out, char *err, size_t errlen)
{
	size_t	 i;

	for (i = 0; load[i] != '\0'; i++) {
		if (!isgraph((unsigned char)load[i])) {
			snprintf(err, errlen, "OS79XX.TXT takes one image name "
			    "without spaces (bug CSCdv19260)");
			return (-1);
		}
	}
	if (i == 0) {
		snprintf(err, errlen, "no image name for OS79XX.TXT");
		return (-1);
	}
	sbuf_adds(out, load);
	sbuf_adds(out, "\r\n");
	return (0);
}

int
cfgxml_sipdefault(const char *load, const char *proxy, struct sbuf *out,
    char *err, size_t errlen)
{
	/* The proxy is written quoted: no quote in it, nor a space. */
	if (!text_ok(load) || strchr(load, ' ') != NULL || (proxy != NULL &&
	    (!text_ok(proxy) || strpbrk(proxy, " \"") != NULL))) {
		snprintf(err, errlen, "SIPDefault.cnf values must be printable "
		    "ASCII without spaces");
		return (-1);
	}
	sbuf_addf(out, "# %s from the firmware in this TFTP root\n",
	    CFGXML_MARKER);
	sbuf_addf(out, "image_version: %s\n", load);
	if (proxy != NULL)
		sbuf_addf(out, "proxy1_address: \"%s\"\nproxy1_port: %d\n",
		    proxy, CFGXML_SIP_PORT);
	return (0);
}

int
cfgxml_is_sip_image(const char *load)
{
	return (strncasecmp(load, "P0S", 3) == 0);
}

int
cfgxml_legacy(const struct fw_catalog *cat, struct cfgxml_legacy *l)
{
	static const char *const order[] = { "7960", "7940" };
	const struct model	*m;
	struct fw_served	 s;
	size_t			 i;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		m = model_find(order[i]);
		if (m == NULL || !fw_catalog_served(cat, m, &s) ||
		    !s.complete || s.load_name == NULL)
			continue;
		l->model = m;
		l->load = s.load_name;
		l->os79xx = 1;
		l->sipdefault = cfgxml_is_sip_image(s.load_name);
		return (0);
	}
	return (-1);
}

int
cfgxml_is_ours(const char *buf, size_t len)
{
	size_t	 n = strlen(CFGXML_MARKER), i;

	/* Only the head: the marker is the first thing we write. */
	if (len > 512)
		len = 512;
	for (i = 0; i + n <= len; i++) {
		if (memcmp(buf + i, CFGXML_MARKER, n) == 0)
			return (1);
	}
	return (0);
}

int
cfgxml_install(const char *root, const char *name, const char *data,
    size_t len, int force, int marker_check, char *msg, size_t msglen)
{
	char		 old[65536], tmp[256], bak[256];
	struct stat	 sb;
	ssize_t		 n = -1, w;
	size_t		 off, i;
	int		 rootfd, fd, exists, result, bfd;

	if ((rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(msg, msglen, "%s: %s", root, strerror(errno));
		return (-1);
	}
	exists = fstatat(rootfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
	if (exists) {
		if ((fd = openat(rootfd, name, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC)) != -1) {
			n = read(fd, old, sizeof old);
			close(fd);
		}
		if (n >= 0 && (size_t)n == len && memcmp(old, data, len) == 0) {
			snprintf(msg, msglen, "%s is up to date", name);
			close(rootfd);
			return (CFGXML_UNCHANGED);
		}
		if (!marker_check || (n >= 0 && cfgxml_is_ours(old, (size_t)n)))
			result = CFGXML_UPDATED;
		else if (!force) {
			snprintf(msg, msglen, "kept %s: you wrote it (no "
			    "\"%s\" marker); --force replaces it and keeps a "
			    "backup", name, CFGXML_MARKER);
			close(rootfd);
			return (CFGXML_KEPT);
		} else {
			/* Back it up under a free name. */
			snprintf(bak, sizeof bak, "%s.bak", name);
			for (i = 1; fstatat(rootfd, bak, &sb,
			    AT_SYMLINK_NOFOLLOW) == 0 && i < 1000; i++)
				snprintf(bak, sizeof bak, "%s.bak.%zu", name, i);
			if ((bfd = openat(rootfd, bak, O_WRONLY | O_CREAT |
			    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) == -1 ||
			    n < 0 || write(bfd, old, (size_t)n) != n ||
			    fsync(bfd) != 0) {
				snprintf(msg, msglen, "backing up %s: %s", name,
				    strerror(errno));
				if (bfd != -1)
					close(bfd);
				close(rootfd);
				return (-1);
			}
			close(bfd);
			result = CFGXML_REPLACED;
		}
	} else
		result = CFGXML_WROTE;
	snprintf(tmp, sizeof tmp, ".%s.tmp", name);
	if ((fd = openat(rootfd, tmp, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) == -1) {
		snprintf(msg, msglen, "%s/%s: %s", root, tmp, strerror(errno));
		close(rootfd);
		return (-1);
	}
	for (off = 0; off < len; off += (size_t)w) {
		if ((w = write(fd, data + off, len - off)) <= 0) {
			snprintf(msg, msglen, "%s/%s: %s", root, tmp,
			    strerror(errno));
			close(fd);
			(void)unlinkat(rootfd, tmp, 0);
			close(rootfd);
			return (-1);
		}
	}
	if (fsync(fd) != 0 || close(fd) != 0 ||
	    renameat(rootfd, tmp, rootfd, name) != 0) {
		snprintf(msg, msglen, "%s/%s: %s", root, name, strerror(errno));
		(void)unlinkat(rootfd, tmp, 0);
		close(rootfd);
		return (-1);
	}
	close(rootfd);
	switch (result) {
	case CFGXML_WROTE:
		snprintf(msg, msglen, "wrote %s", name);
		break;
	case CFGXML_UPDATED:
		snprintf(msg, msglen, "updated %s", name);
		break;
	default:
		snprintf(msg, msglen, "replaced %s (yours is saved as %s)",
		    name, bak);
		break;
	}
	return (result);
}

int
cfgxml_refresh_default(const char *root, const struct cfgxml_opts *o,
    int force, char *msg, size_t msglen)
{
	struct fw_catalog *cat;
	struct cfgxml_opts co;
	struct sbuf	 sb;
	char		 path[4096], old[8192], server[256];
	const char	*a, *b;
	ssize_t		 n;
	int		 r, fd;

	co.server = o != NULL ? o->server : NULL;
	co.autoreg = o != NULL ? o->autoreg : NULL;
	/* Keep the server an earlier `config gen --server` chose. */
	snprintf(path, sizeof path, "%s/%s", root, CFGXML_DEFAULT_FILE);
	if (co.server == NULL && (fd = open(path, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		n = read(fd, old, sizeof old - 1);
		close(fd);
		if (n > 0) {
			old[n] = '\0';
			if (cfgxml_is_ours(old, (size_t)n) &&
			    (a = strstr(old, "<processNodeName>")) != NULL &&
			    (b = strstr(a, "</processNodeName>")) != NULL &&
			    (size_t)(b - a) - 17 < sizeof server) {
				snprintf(server, sizeof server, "%.*s",
				    (int)(b - a - 17), a + 17);
				co.server = server;
			}
		}
	}
	o = &co;
	if ((cat = fw_catalog_open(root, msg, msglen)) == NULL)
		return (-1);
	sbuf_init(&sb);
	if (cfgxml_default(cat, o, &sb, msg, msglen) != 0)
		r = -1;
	else
		r = cfgxml_install(root, CFGXML_DEFAULT_FILE, sb.buf, sb.len,
		    force, 1, msg, msglen);
	sbuf_free(&sb);
	fw_catalog_free(cat);
	return (r);
}

/* Tests: fail the rename of file k (cfgxml_internal.h); SIZE_MAX: none. */
static size_t	 inst_fail_at = SIZE_MAX;

void
cfgxml_test_fail_rename(size_t k)
{
	inst_fail_at = k;
}

/* What cfgxml_install_all() does with one file of the set. */
enum inst_what { INST_NEW, INST_SAME, INST_UPDATE, INST_REPLACE };

struct inst {
	enum inst_what	 what;
	char		*old;		/* the bytes it replaces */
	size_t		 oldlen;
	int		 staged, renamed, saved;
	char		 bak[256];
};

/* Read all of name (at most CFGXML_MAX_OLD bytes); 0, or -1. */
#define CFGXML_MAX_OLD	(1 << 20)
static int
read_old(int dirfd, const char *name, char **buf, size_t *len)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	*buf = NULL;
	*len = 0;
	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > CFGXML_MAX_OLD) {
		if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
			errno = EISDIR;
		else
			errno = EFBIG;
		close(fd);
		return (-1);
	}
	if ((*buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return (-1);
	}
	while (*len < (size_t)st.st_size) {
		n = read(fd, *buf + *len, (size_t)st.st_size - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return (0);
}

/* Write len bytes as dirfd/name (new, 0644) and fsync it; 0, or -1. */
static int
write_new(int dirfd, const char *name, const char *data, size_t len)
{
	size_t	 off;
	ssize_t	 w;
	int	 fd, e;

	if ((fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) == -1)
		return (-1);
	for (off = 0; off < len; off += (size_t)w) {
		if ((w = write(fd, data + off, len - off)) <= 0) {
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			e = w == 0 ? ENOSPC : errno;
			close(fd);
			errno = e;
			return (-1);
		}
	}
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return (-1);
	}
	return (close(fd));
}

/* One set being installed: ROOT, its staging directory, each file's plan. */
struct inst_set {
	const char		*root;
	const struct cfgxml_file *f;
	size_t			 n;
	struct inst		*in;
	int			 rootfd, tmpfd;
	char			 tmpdir[4096];
};

/* What file i does (new, same, update, replace); 0, or -1 with err. */
static int
inst_decide(struct inst_set *s, size_t i, int force, char *err, size_t errlen)
{
	const struct cfgxml_file *f = &s->f[i];
	struct inst	*in = &s->in[i];
	struct stat	 st;
	size_t		 j;

	if (f->name[0] == '\0' || f->name[0] == '.' ||
	    strchr(f->name, '/') != NULL || strlen(f->name) > 200) {
		snprintf(err, errlen, "internal: bad file name %s", f->name);
		return (-1);
	}
	for (j = 0; j < i; j++) {
		if (strcmp(f->name, s->f[j].name) == 0) {
			snprintf(err, errlen, "%s twice in one set", f->name);
			return (-1);
		}
	}
	if (fstatat(s->rootfd, f->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s/%s: %s", s->root, f->name,
			    strerror(errno));
			return (-1);
		}
		in->what = INST_NEW;
		return (0);
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s/%s is not a regular file: nothing "
		    "written", s->root, f->name);
		return (-1);
	}
	if (read_old(s->rootfd, f->name, &in->old, &in->oldlen) != 0) {
		snprintf(err, errlen, "%s/%s: %s: nothing written", s->root,
		    f->name, strerror(errno));
		return (-1);
	}
	if (in->oldlen == f->len && memcmp(in->old, f->data, f->len) == 0)
		in->what = INST_SAME;
	else if (cfgxml_is_ours(in->old, in->oldlen))
		in->what = INST_UPDATE;
	else if (force)
		in->what = INST_REPLACE;
	else {
		snprintf(err, errlen, "%s: you wrote it (no \"%s\" marker); "
		    "--force replaces it and keeps a backup: nothing written",
		    f->name, CFGXML_MARKER);
		return (-1);
	}
	return (0);
}

/* Stage: the new files and copies of what they replace; 0, or -1. */
static int
inst_stage(struct inst_set *s, char *err, size_t errlen)
{
	char	 old[300];
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		if (s->in[i].what == INST_SAME)
			continue;
		if (write_new(s->tmpfd, s->f[i].name, s->f[i].data,
		    s->f[i].len) != 0) {
			snprintf(err, errlen, "%s/%s: %s: nothing written",
			    s->tmpdir, s->f[i].name, strerror(errno));
			return (-1);
		}
		s->in[i].staged = 1;
		if (s->in[i].what == INST_NEW)
			continue;
		snprintf(old, sizeof old, "%s.old", s->f[i].name);
		/*
		 * The file itself, linked (same inode: mode and owner come
		 * back too); a copy where linking is not allowed.
		 */
		if (linkat(s->rootfd, s->f[i].name, s->tmpfd, old, 0) != 0 &&
		    write_new(s->tmpfd, old, s->in[i].old,
		    s->in[i].oldlen) != 0) {
			snprintf(err, errlen, "%s/%s: %s: nothing written",
			    s->tmpdir, old, strerror(errno));
			return (-1);
		}
		s->in[i].saved = 1;
	}
	return (0);
}

/* Into place; on a failure, back out what went in; 0, or -1 with err. */
static int
inst_commit(struct inst_set *s, char *err, size_t errlen)
{
	char	 old[300];
	size_t	 i, k;

	for (i = 0; i < s->n; i++) {
		if (!s->in[i].staged)
			continue;
		if ((i == inst_fail_at && (errno = EIO) != 0) ||
		    renameat(s->tmpfd, s->f[i].name, s->rootfd,
		    s->f[i].name) != 0) {
			snprintf(err, errlen, "%s/%s: %s: nothing written",
			    s->root, s->f[i].name, strerror(errno));
			for (k = 0; k < i; k++) {
				if (!s->in[k].renamed)
					continue;
				snprintf(old, sizeof old, "%s.old",
				    s->f[k].name);
				if (s->in[k].what == INST_NEW)
					(void)unlinkat(s->rootfd, s->f[k].name,
					    0);
				else
					(void)renameat(s->tmpfd, old, s->rootfd,
					    s->f[k].name);
			}
			return (-1);
		}
		s->in[i].staged = 0;
		s->in[i].renamed = 1;
	}
	return (0);
}

/* The user's files replaced with force: keep theirs as .bak (.bak.N). */
static void
inst_backup(struct inst_set *s)
{
	struct stat	 st;
	struct inst	*in;
	char		 old[300];
	size_t		 i, k;

	for (i = 0; i < s->n; i++) {
		in = &s->in[i];
		if (in->what != INST_REPLACE)
			continue;
		snprintf(old, sizeof old, "%s.old", s->f[i].name);
		snprintf(in->bak, sizeof in->bak, "%s.bak", s->f[i].name);
		for (k = 1; fstatat(s->rootfd, in->bak, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && k < 1000; k++)
			snprintf(in->bak, sizeof in->bak, "%s.bak.%zu",
			    s->f[i].name, k);
		if (renameat(s->tmpfd, old, s->rootfd, in->bak) == 0)
			in->saved = 0;
		else
			snprintf(in->bak, sizeof in->bak, "(lost: %s)",
			    strerror(errno));
	}
}

/* One line per file: what happened to it. */
static void
inst_report(const struct inst_set *s, struct sbuf *msgs)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		switch (s->in[i].what) {
		case INST_NEW:
			sbuf_addf(msgs, "wrote %s\n", s->f[i].name);
			break;
		case INST_SAME:
			sbuf_addf(msgs, "%s is up to date\n", s->f[i].name);
			break;
		case INST_UPDATE:
			sbuf_addf(msgs, "updated %s\n", s->f[i].name);
			break;
		case INST_REPLACE:
			sbuf_addf(msgs, "replaced %s (yours is saved as %s)\n",
			    s->f[i].name, s->in[i].bak);
			break;
		}
	}
}

/* Remove what is left in the staging directory, and the directory. */
static void
inst_unstage(struct inst_set *s, int made, int ok, struct sbuf *msgs)
{
	char	 old[300];
	size_t	 i;

	if (s->tmpfd != -1) {
		for (i = 0; i < s->n; i++) {
			if (s->in[i].staged)
				(void)unlinkat(s->tmpfd, s->f[i].name, 0);
			if (s->in[i].saved) {
				snprintf(old, sizeof old, "%s.old",
				    s->f[i].name);
				(void)unlinkat(s->tmpfd, old, 0);
			}
		}
		close(s->tmpfd);
	}
	if (made && rmdir(s->tmpdir) != 0 && ok)
		sbuf_addf(msgs, "could not remove %s: %s\n", s->tmpdir,
		    strerror(errno));
}

int
cfgxml_install_all(const char *root, const struct cfgxml_file *f, size_t n,
    int force, struct sbuf *msgs, char *err, size_t errlen)
{
	struct inst_set	 s;
	size_t		 i;
	int		 rc = -1, made = 0;

	err[0] = '\0';
	memset(&s, 0, sizeof s);
	s.root = root;
	s.f = f;
	s.n = n;
	s.rootfd = s.tmpfd = -1;
	if ((s.in = calloc(n > 0 ? n : 1, sizeof *s.in)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (-1);
	}
	if ((s.rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		goto done;
	}
	/* Decide everything before writing anything. */
	for (i = 0; i < n; i++)
		if (inst_decide(&s, i, force, err, errlen) != 0)
			goto done;
	if ((size_t)snprintf(s.tmpdir, sizeof s.tmpdir, "%s/.phonerescue-gen."
	    "XXXXXX", root) >= sizeof s.tmpdir || mkdtemp(s.tmpdir) == NULL) {
		snprintf(err, errlen, "%s: temporary directory: %s", root,
		    strerror(errno));
		goto done;
	}
	made = 1;
	if ((s.tmpfd = open(s.tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		snprintf(err, errlen, "%s: %s", s.tmpdir, strerror(errno));
		goto done;
	}
	if (inst_stage(&s, err, errlen) != 0 ||
	    inst_commit(&s, err, errlen) != 0)
		goto done;
	inst_backup(&s);
	(void)fsync(s.rootfd);
	inst_report(&s, msgs);
	rc = 0;
done:
	inst_unstage(&s, made, rc == 0, msgs);
	if (s.rootfd != -1)
		close(s.rootfd);
	for (i = 0; i < n; i++)
		free(s.in[i].old);
	free(s.in);
	return (rc);
}
