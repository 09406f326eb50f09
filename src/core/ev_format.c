/*
 * Event names and fields: the one table of what each event carries on the
 * wire, its order and types, and the words of its enums.  PRODUCT.md fixes
 * the names of events and of their fields; more may be added, none renamed.
 * The printers (sink.c, through ev_visit), the script reader
 * (wizard_script.c, through ev_field_set), the man page's check
 * (tests/man.sh reads the F/OPT/ENUM/WHEN lines below) and the tests'
 * matchers (tests/lib/evrec.h) all use these tables.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "ev.h"
#include "log.h"
#include "util.h"

static const char *const ev_names[EV__COUNT] = {
	[EV_LOG] = "log",
	[EV_READY] = "ready",
	[EV_STOP] = "stop",
	[EV_PHONE] = "phone",
	[EV_DHCP_LEASE] = "dhcp_lease",
	[EV_DHCP_SERVER_SEEN] = "dhcp_server_seen",
	[EV_TFTP_START] = "tftp_start",
	[EV_TFTP_PROGRESS] = "tftp_progress",
	[EV_TFTP_DONE] = "tftp_done",
	[EV_TFTP_ERROR] = "tftp_error",
	[EV_NOTICE] = "notice",
	[EV_FW_IMPORT] = "fw_import",
};

const char *
ev_name(enum ev_type t)
{
	if ((unsigned)t >= EV__COUNT || ev_names[t] == NULL)
		return ("unknown");
	return (ev_names[t]);
}

void
ev_notice_fill(struct ev *e, const char *code, enum ev_level level,
    const char *mac, const char *file, const char *fmt, ...)
{
	va_list	 ap;

	memset(e, 0, sizeof *e);
	e->type = EV_NOTICE;
	strlcpy(e->u.notice.code, code, sizeof e->u.notice.code);
	e->u.notice.level = level;
	if (mac != NULL)
		strlcpy(e->u.notice.mac, mac, sizeof e->u.notice.mac);
	if (file != NULL)
		strlcpy(e->u.notice.file, file, sizeof e->u.notice.file);
	va_start(ap, fmt);
	vsnprintf(e->u.notice.text, sizeof e->u.notice.text, fmt, ap);
	va_end(ap);
}

/* The words of the enums, indexed by value. */
static const char *const phase_names[SNIFF_PHASE__COUNT] = {
	[SNIFF_PHASE_NONE] = "",
	[SNIFF_PHASE_LINK_UP] = "link-up",
	[SNIFF_PHASE_REQUESTING_IP] = "requesting-ip",
	[SNIFF_PHASE_GOT_IP] = "got-ip",
	[SNIFF_PHASE_FETCHING_LOAD] = "fetching-load",
	[SNIFF_PHASE_FLASHING] = "flashing",
	[SNIFF_PHASE_REBOOTING] = "rebooting",
	[SNIFF_PHASE_REQUESTING_CONFIG] = "requesting-config",
	[SNIFF_PHASE_UNPROVISIONED] = "unprovisioned",
	[SNIFF_PHASE_REGISTERED] = "registered",
	[SNIFF_PHASE_FAILED] = "failed",
};
static const char *const level_names[EV_LEVEL__COUNT] = {
	[EV_INFO] = "info", [EV_WARN] = "warn", [EV_ERROR] = "error",
};
/* log.h's enum log_level, as log_level_name() says it. */
static const char *const log_names[] = {
	[LOG_LVL_ERROR] = "error", [LOG_LVL_WARN] = "warn",
	[LOG_LVL_INFO] = "info", [LOG_LVL_DEBUG] = "debug",
};
static const char *const lease_names[EV_LEASE__COUNT] = {
	[EV_LEASE_NONE] = "", [EV_LEASE_OFFER] = "offer",
	[EV_LEASE_ACK] = "ack",
};
static const char *const from_names[EV_FROM__COUNT] = {
	[EV_FROM_OURS] = "", [EV_FROM_DNSMASQ] = "dnsmasq", [EV_FROM_KEA] = "kea",
};
static const char *const stage_names[EV_FW_STAGE__COUNT] = {
	[EV_FW_NONE] = "", [EV_FW_READING] = "reading", [EV_FW_CHECKING] = "checking",
	[EV_FW_INFO] = "info", [EV_FW_WARNING] = "warning",
	[EV_FW_DONE] = "done", [EV_FW_FAILED] = "failed",
};
static const char *const proto_names[EV_PROTO__COUNT] = {
	[EV_PROTO_TFTP] = "tftp", [EV_PROTO_HTTP] = "http",
};

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

static const char *
enum_name(const char *const *names, unsigned n, unsigned v)
{
	return (v < n && names[v] != NULL ? names[v] : "");
}

const char *
sniff_phase_name(enum sniff_phase ph)
{
	return (enum_name(phase_names, NELEM(phase_names), ph));
}

enum sniff_phase
sniff_phase_from_name(const char *name)
{
	unsigned	 i;

	for (i = 1; i < NELEM(phase_names); i++) {
		if (strcmp(phase_names[i], name) == 0)
			return ((enum sniff_phase)i);
	}
	return (SNIFF_PHASE_NONE);
}

const char *
ev_fw_stage_name(enum ev_fw_stage s)
{
	return (enum_name(stage_names, NELEM(stage_names), s));
}

/* Descriptor makers: member m of the union, its size and type. */
#define MEMB(m)		offsetof(struct ev, u.m), sizeof(((struct ev *)0)->u.m)
#define F(k, t, m)	{ k, t, MEMB(m), 0, NULL, 0, 0 }
#define OPT(k, t, m)	{ k, t, MEMB(m), EVF_OPT, NULL, 0, 0 }
#define ENUM(k, m, nm, fl) { k, EVF_ENUM, MEMB(m), fl, nm, NELEM(nm), 0 }
#define WHEN(k, t, m, w) { k, t, MEMB(m), EVF_WHEN, NULL, 0, \
			    offsetof(struct ev, u.w) }

static const struct ev_field f_log[] = {
	ENUM("level", log.level, log_names, 0),
	F("message", EVF_STR, log.text),
};
static const struct ev_field f_ready[] = {
	F("iface", EVF_STR, ready.iface),
	F("address", EVF_PREFIX, ready.address),
	F("dhcp", EVF_BOOL, ready.dhcp),
	F("tftp", EVF_BOOL, ready.tftp),
	F("sniff", EVF_BOOL, ready.sniff),
	F("root", EVF_STR, ready.root),
	WHEN("tftp_port", EVF_UINT, ready.tftp_port, ready.tftp),
	WHEN("dhcp_port", EVF_UINT, ready.dhcp_port, ready.dhcp),
	F("http", EVF_BOOL, ready.http),
	WHEN("http_port", EVF_UINT, ready.http_port, ready.http),
};
static const struct ev_field f_stop[] = {
	F("reason", EVF_STR, stop.reason),
};
static const struct ev_field f_phone[] = {
	F("mac", EVF_STR, phone.mac),
	F("model", EVF_STR, phone.model),
	F("via", EVF_STR, phone.via),
	OPT("ip", EVF_IP, phone.ip),
	OPT("firmware", EVF_STR, phone.firmware),
	ENUM("phase", phone.phase, phase_names, EVF_OPT),
	OPT("vlan", EVF_UINT, phone.vlan),
	OPT("detail", EVF_STR, phone.detail),
	OPT("name", EVF_STR, phone.name),
	OPT("serial", EVF_STR, phone.serial),
	OPT("plan", EVF_STR, phone.plan),
	OPT("step", EVF_UINT, phone.step),
	OPT("steps", EVF_UINT, phone.steps),
	OPT("target", EVF_STR, phone.target),
};
static const struct ev_field f_lease[] = {
	F("mac", EVF_STR, lease.mac),
	F("ip", EVF_IP, lease.ip),
	F("vendor_class", EVF_STR, lease.vendor_class),
	OPT("model", EVF_STR, lease.model),
	OPT("hostname", EVF_STR, lease.hostname),
	F("lease", EVF_UINT, lease.lease_secs),
	ENUM("state", lease.state, lease_names, EVF_OPT),
	ENUM("from", lease.from, from_names, EVF_OPT),
};
static const struct ev_field f_server[] = {
	F("server", EVF_IP, server.server),
	F("mac", EVF_STR, server.mac),
	OPT("offered", EVF_IP, server.offered),
};
/* The TFTP events share struct ev_tftp; each prints its own fields. */
#define T_HEAD	F("client", EVF_SOCKADDR, tftp.client), \
		F("file", EVF_STR, tftp.file)
#define T_TAIL	ENUM("proto", tftp.proto, proto_names, 0)
static const struct ev_field f_tftp_start[] = {
	T_HEAD,
	F("path", EVF_STR, tftp.path),
	F("size", EVF_U64, tftp.size),
	F("xfer", EVF_U64, tftp.xfer),
	OPT("mac", EVF_STR, tftp.mac),
	T_TAIL,
};
static const struct ev_field f_tftp_progress[] = {
	T_HEAD,
	F("bytes", EVF_U64, tftp.bytes),
	F("size", EVF_U64, tftp.size),
	F("xfer", EVF_U64, tftp.xfer),
	T_TAIL,
};
static const struct ev_field f_tftp_done[] = {
	T_HEAD,
	F("bytes", EVF_U64, tftp.bytes),
	F("seconds", EVF_REAL, tftp.seconds),
	F("xfer", EVF_U64, tftp.xfer),
	OPT("mac", EVF_STR, tftp.mac),
	T_TAIL,
};
static const struct ev_field f_tftp_error[] = {
	T_HEAD,
	F("code", EVF_INT, tftp.code),
	F("message", EVF_STR, tftp.message),
	OPT("xfer", EVF_U64, tftp.xfer),
	OPT("mac", EVF_STR, tftp.mac),
	T_TAIL,
};
static const struct ev_field f_notice[] = {
	F("code", EVF_STR, notice.code),
	ENUM("level", notice.level, level_names, 0),
	OPT("mac", EVF_STR, notice.mac),
	OPT("file", EVF_STR, notice.file),
	F("message", EVF_STR, notice.text),
};
static const struct ev_field f_fw[] = {
	F("archive", EVF_STR, fw.archive),
	ENUM("stage", fw.stage, stage_names, 0),
	F("bytes", EVF_U64, fw.bytes),
	F("total", EVF_U64, fw.total),
	F("files", EVF_UINT, fw.files),
	F("models", EVF_UINT, fw.models),
	OPT("message", EVF_STR, fw.text),
};

#define SCHEMA(t, f)	[t] = { f, NELEM(f) }
static const struct ev_schema schemas[EV__COUNT] = {
	SCHEMA(EV_LOG, f_log),
	SCHEMA(EV_READY, f_ready),
	SCHEMA(EV_STOP, f_stop),
	SCHEMA(EV_PHONE, f_phone),
	SCHEMA(EV_DHCP_LEASE, f_lease),
	SCHEMA(EV_DHCP_SERVER_SEEN, f_server),
	SCHEMA(EV_TFTP_START, f_tftp_start),
	SCHEMA(EV_TFTP_PROGRESS, f_tftp_progress),
	SCHEMA(EV_TFTP_DONE, f_tftp_done),
	SCHEMA(EV_TFTP_ERROR, f_tftp_error),
	SCHEMA(EV_NOTICE, f_notice),
	SCHEMA(EV_FW_IMPORT, f_fw),
};

const struct ev_schema *
ev_schema(enum ev_type t)
{
	static const struct ev_schema	 none = { NULL, 0 };

	return ((unsigned)t < EV__COUNT ? &schemas[t] : &none);
}

const struct ev_field *
ev_field_find(enum ev_type t, const char *key)
{
	const struct ev_schema	*sc = ev_schema(t);
	size_t			 i;

	for (i = 0; i < sc->n; i++) {
		if (strcmp(sc->fields[i].key, key) == 0)
			return (&sc->fields[i]);
	}
	return (NULL);
}

int
ev_type_from_name(const char *name)
{
	int	 t;

	for (t = 0; t < EV__COUNT; t++) {
		if (strcmp(ev_names[t], name) == 0)
			return (t);
	}
	return (-1);
}

#define AT(e, f, type)	((const type *)(const void *)((const char *)(e) + (f)->off))
#define SET(e, f, type)	((type *)(void *)((char *)(e) + (f)->off))

/* Is every byte of the field zero (an empty string, 0, the enum's 0)? */
static int
field_empty(const struct ev *e, const struct ev_field *f)
{
	const unsigned char	*p = AT(e, f, unsigned char);
	size_t			 i;

	if (f->type == EVF_STR)
		return (p[0] == '\0');
	for (i = 0; i < f->size; i++) {
		if (p[i] != 0)
			return (0);
	}
	return (1);
}

int
ev_field_present(const struct ev *e, const struct ev_field *f)
{
	if ((f->flags & EVF_OPT) && field_empty(e, f))
		return (0);
	if ((f->flags & EVF_WHEN) &&
	    *(const int *)(const void *)((const char *)e + f->when) == 0)
		return (0);
	return (1);
}

void
ev_field_str(const struct ev *e, const struct ev_field *f, char *buf,
    size_t len)
{
	const struct ev_prefix		*pr;
	char				 ip[INET_ADDRSTRLEN];

	switch (f->type) {
	case EVF_STR:
		strlcpy(buf, AT(e, f, char), len);
		break;
	case EVF_U64:
		snprintf(buf, len, "%llu",
		    (unsigned long long)*AT(e, f, uint64_t));
		break;
	case EVF_UINT:
		snprintf(buf, len, "%u", *AT(e, f, unsigned));
		break;
	case EVF_INT:
		snprintf(buf, len, "%d", *AT(e, f, int));
		break;
	case EVF_BOOL:
		strlcpy(buf, *AT(e, f, int) ? "true" : "false", len);
		break;
	case EVF_REAL:
		snprintf(buf, len, "%.3f", *AT(e, f, double));
		break;
	case EVF_ENUM:
		strlcpy(buf, enum_name(f->names, f->nnames,
		    *AT(e, f, unsigned)), len);
		break;
	case EVF_IP:
		util_ip_str(buf, len, *AT(e, f, uint32_t));
		break;
	case EVF_SOCKADDR:
		ev_sockaddr_str(buf, len, AT(e, f, struct ev_sockaddr));
		break;
	case EVF_PREFIX:
		pr = AT(e, f, struct ev_prefix);
		util_ip_str(ip, sizeof ip, pr->ip);
		snprintf(buf, len, "%s/%u", ip, pr->len);
		break;
	}
}

void
ev_sockaddr_str(char *buf, size_t len, const struct ev_sockaddr *sa)
{
	char	 ip[INET_ADDRSTRLEN];

	util_ip_str(ip, sizeof ip, sa->ip);
	if (sa->ip == 0 && sa->port == 0)
		strlcpy(buf, "?", len);
	else
		snprintf(buf, len, "%s:%u", ip, sa->port);
}

/* "a.b.c.d" then, with sep, sep and a number up to max. */
static int
parse_ip_num(const char *s, int sep, uint32_t *ip, unsigned long long max,
    unsigned long long *num)
{
	char		 buf[INET_ADDRSTRLEN];
	const char	*p = sep != 0 ? strrchr(s, sep) : NULL;
	size_t		 n = p != NULL ? (size_t)(p - s) : strlen(s);
	struct in_addr	 a;

	if ((sep != 0) != (p != NULL) || n >= sizeof buf)
		return (-1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return (-1);
	*ip = a.s_addr;
	if (p != NULL && util_parse_uint(p + 1, 0, max, num) != 0)
		return (-1);
	return (0);
}

static int
set_enum(struct ev *e, const struct ev_field *f, const char *val)
{
	unsigned long long	 v;
	unsigned		 i;

	for (i = 0; i < f->nnames; i++) {
		if (f->names[i] != NULL && strcmp(f->names[i], val) == 0) {
			*SET(e, f, unsigned) = i;
			return (0);
		}
	}
	/* A number names a value too ("level=1"). */
	if (util_parse_uint(val, 0, f->nnames - 1, &v) != 0)
		return (-1);
	*SET(e, f, unsigned) = (unsigned)v;
	return (0);
}

int
ev_field_set(struct ev *e, const struct ev_field *f, const char *val)
{
	unsigned long long	 v = 0;
	uint32_t		 ip;

	switch (f->type) {
	case EVF_STR:
		strlcpy(SET(e, f, char), val, f->size);
		return (0);
	case EVF_REAL:
		*SET(e, f, double) = strtod(val, NULL);
		return (0);
	case EVF_ENUM:
		return (set_enum(e, f, val));
	case EVF_IP:
		if (parse_ip_num(val, 0, &ip, 0, &v) != 0)
			return (-1);
		*SET(e, f, uint32_t) = ip;
		return (0);
	case EVF_SOCKADDR:
		if (parse_ip_num(val, ':', &ip, UINT16_MAX, &v) != 0)
			return (-1);
		SET(e, f, struct ev_sockaddr)->ip = ip;
		SET(e, f, struct ev_sockaddr)->port = (uint16_t)v;
		return (0);
	case EVF_PREFIX:
		if (parse_ip_num(val, '/', &ip, 32, &v) != 0)
			return (-1);
		SET(e, f, struct ev_prefix)->ip = ip;
		SET(e, f, struct ev_prefix)->len = (unsigned)v;
		return (0);
	case EVF_BOOL:
		if (strcmp(val, "true") == 0 || strcmp(val, "yes") == 0)
			v = 1;
		else if (strcmp(val, "false") != 0 && strcmp(val, "no") != 0 &&
		    util_parse_uint(val, 0, 1, &v) != 0)
			return (-1);
		*SET(e, f, int) = (int)v;
		return (0);
	default:
		if (util_parse_uint(val, 0, UINT64_MAX, &v) != 0)
			return (-1);
		if (f->type == EVF_U64)
			*SET(e, f, uint64_t) = v;
		else if (f->type == EVF_UINT)
			*SET(e, f, unsigned) = (unsigned)v;
		else
			*SET(e, f, int) = (int)v;
		return (0);
	}
}

void
ev_visit(const struct ev *e, const struct ev_visitor *v)
{
	const struct ev_schema	*sc = ev_schema(e->type);
	const struct ev_field	*f;
	char			 buf[EV_NAME_LEN];
	size_t			 i;

	for (i = 0; i < sc->n; i++) {
		f = &sc->fields[i];
		if (!ev_field_present(e, f))
			continue;
		switch (f->type) {
		case EVF_U64:
			v->num(v->arg, f->key, *AT(e, f, uint64_t));
			break;
		case EVF_UINT:
			v->num(v->arg, f->key, *AT(e, f, unsigned));
			break;
		case EVF_INT:
			v->num(v->arg, f->key, (uint64_t)*AT(e, f, int));
			break;
		case EVF_BOOL:
			v->boolean(v->arg, f->key, *AT(e, f, int));
			break;
		case EVF_REAL:
			v->real(v->arg, f->key, *AT(e, f, double));
			break;
		case EVF_STR:
			v->str(v->arg, f->key, AT(e, f, char));
			break;
		default:
			ev_field_str(e, f, buf, sizeof buf);
			v->str(v->arg, f->key, buf);
			break;
		}
	}
}
