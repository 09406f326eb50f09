/*
 * Event names and fields: the one table of what each event carries on the
 * wire.  PRODUCT.md fixes the names of events and of their fields; more may
 * be added, none renamed.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "ev.h"
#include "log.h"

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
ev_notice_fill(struct ev *e, const char *code, const char *level,
    const char *mac, const char *file, const char *fmt, ...)
{
	va_list	 ap;

	memset(e, 0, sizeof *e);
	e->type = EV_NOTICE;
	strlcpy(e->u.notice.code, code, sizeof e->u.notice.code);
	strlcpy(e->u.notice.level, level, sizeof e->u.notice.level);
	if (mac != NULL)
		strlcpy(e->u.notice.mac, mac, sizeof e->u.notice.mac);
	if (file != NULL)
		strlcpy(e->u.notice.file, file, sizeof e->u.notice.file);
	va_start(ap, fmt);
	vsnprintf(e->u.notice.text, sizeof e->u.notice.text, fmt, ap);
	va_end(ap);
}

/* Optional string: only when set. */
static void
opt_str(const struct ev_visitor *v, const char *key, const char *val)
{
	if (val[0] != '\0')
		v->str(v->arg, key, val);
}

void
ev_visit(const struct ev *e, const struct ev_visitor *v)
{
	const struct ev_tftp	*t = &e->u.tftp;

	switch (e->type) {
	case EV_LOG:
		v->str(v->arg, "level", log_level_name(e->u.log.level));
		v->str(v->arg, "message", e->u.log.text);
		break;
	case EV_READY:
		v->str(v->arg, "iface", e->u.ready.iface);
		v->str(v->arg, "address", e->u.ready.address);
		v->boolean(v->arg, "dhcp", e->u.ready.dhcp);
		v->boolean(v->arg, "tftp", e->u.ready.tftp);
		v->boolean(v->arg, "sniff", e->u.ready.sniff);
		v->str(v->arg, "root", e->u.ready.root);
		if (e->u.ready.tftp)
			v->num(v->arg, "tftp_port", e->u.ready.tftp_port);
		if (e->u.ready.dhcp)
			v->num(v->arg, "dhcp_port", e->u.ready.dhcp_port);
		v->boolean(v->arg, "http", e->u.ready.http);
		if (e->u.ready.http)
			v->num(v->arg, "http_port", e->u.ready.http_port);
		break;
	case EV_STOP:
		v->str(v->arg, "reason", e->u.stop.reason);
		break;
	case EV_PHONE:
		v->str(v->arg, "mac", e->u.phone.mac);
		v->str(v->arg, "model", e->u.phone.model);
		v->str(v->arg, "via", e->u.phone.via);
		opt_str(v, "ip", e->u.phone.ip);
		opt_str(v, "firmware", e->u.phone.firmware);
		opt_str(v, "phase", e->u.phone.phase);
		if (e->u.phone.vlan != 0)
			v->num(v->arg, "vlan", e->u.phone.vlan);
		opt_str(v, "detail", e->u.phone.detail);
		break;
	case EV_DHCP_LEASE:
		v->str(v->arg, "mac", e->u.lease.mac);
		v->str(v->arg, "ip", e->u.lease.ip);
		v->str(v->arg, "vendor_class", e->u.lease.vendor_class);
		opt_str(v, "model", e->u.lease.model);
		opt_str(v, "hostname", e->u.lease.hostname);
		v->num(v->arg, "lease", e->u.lease.lease_secs);
		opt_str(v, "state", e->u.lease.state);
		break;
	case EV_DHCP_SERVER_SEEN:
		v->str(v->arg, "server", e->u.server.server);
		v->str(v->arg, "mac", e->u.server.mac);
		opt_str(v, "offered", e->u.server.offered);
		break;
	case EV_TFTP_START:
		v->str(v->arg, "client", t->client);
		v->str(v->arg, "file", t->file);
		v->str(v->arg, "path", t->path);
		v->num(v->arg, "size", t->size);
		v->num(v->arg, "xfer", t->xfer);
		opt_str(v, "mac", t->mac);
		v->str(v->arg, "proto", t->proto[0] != '\0' ? t->proto : "tftp");
		break;
	case EV_TFTP_PROGRESS:
		v->str(v->arg, "client", t->client);
		v->str(v->arg, "file", t->file);
		v->num(v->arg, "bytes", t->bytes);
		v->num(v->arg, "size", t->size);
		v->num(v->arg, "xfer", t->xfer);
		v->str(v->arg, "proto", t->proto[0] != '\0' ? t->proto : "tftp");
		break;
	case EV_TFTP_DONE:
		v->str(v->arg, "client", t->client);
		v->str(v->arg, "file", t->file);
		v->num(v->arg, "bytes", t->bytes);
		v->real(v->arg, "seconds", t->seconds);
		v->num(v->arg, "xfer", t->xfer);
		opt_str(v, "mac", t->mac);
		v->str(v->arg, "proto", t->proto[0] != '\0' ? t->proto : "tftp");
		break;
	case EV_TFTP_ERROR:
		v->str(v->arg, "client", t->client);
		v->str(v->arg, "file", t->file);
		v->num(v->arg, "code", (uint64_t)t->code);
		v->str(v->arg, "message", t->message);
		if (t->xfer != 0)
			v->num(v->arg, "xfer", t->xfer);
		opt_str(v, "mac", t->mac);
		v->str(v->arg, "proto", t->proto[0] != '\0' ? t->proto : "tftp");
		break;
	case EV_NOTICE:
		v->str(v->arg, "code", e->u.notice.code);
		v->str(v->arg, "level", e->u.notice.level[0] != '\0' ?
		    e->u.notice.level : "info");
		opt_str(v, "mac", e->u.notice.mac);
		opt_str(v, "file", e->u.notice.file);
		v->str(v->arg, "message", e->u.notice.text);
		break;
	case EV_FW_IMPORT:
		v->str(v->arg, "archive", e->u.fw.archive);
		v->str(v->arg, "stage", e->u.fw.stage);
		v->num(v->arg, "bytes", e->u.fw.bytes);
		v->num(v->arg, "total", e->u.fw.total);
		v->num(v->arg, "files", e->u.fw.files);
		v->num(v->arg, "models", e->u.fw.models);
		opt_str(v, "message", e->u.fw.text);
		break;
	default:
		break;
	}
}
