/*
 * One event of every type, every field set, and the same events with the
 * optional fields left empty: test_sink prints them and compares the JSON
 * and text lines byte for byte with the lines the tree printed before the
 * typed schema (issue 18.3).  Only these constructors know the struct
 * layout (retyped fields are set from their printed form, through the
 * schema); the expected lines never change.
 */
#ifndef SINK_GOLDEN_H
#define SINK_GOLDEN_H

#include <string.h>

#include "ev.h"
#define EVREC_MATCH_ONLY
#include "../lib/evrec.h"

#define GOLDEN_WALL	1795415443123ULL	/* 2026-11-23T06:30:43.123Z */

static size_t
golden_events(struct ev *v, int full)
{
	size_t		 n = 0;
	struct ev	*e;
	int		 t;

	for (t = 0; t < EV__COUNT; t++) {
		e = &v[n++];
		memset(e, 0, sizeof *e);
		e->type = t;
		e->wall_ms = GOLDEN_WALL;
		switch (t) {
		case EV_LOG:
			e->u.log.level = full ? 1 : 3;
			strcpy(e->u.log.text, "a \"quoted\" line");
			break;
		case EV_READY:
			strcpy(e->u.ready.iface, "eth1");
			ev_put(e, "address", "198.18.0.1/24");
			e->u.ready.dhcp = e->u.ready.tftp = e->u.ready.sniff = full;
			e->u.ready.http = full;
			strcpy(e->u.ready.root, "/srv/phones");
			e->u.ready.tftp_port = 69;
			e->u.ready.dhcp_port = 67;
			e->u.ready.http_port = 6970;
			break;
		case EV_STOP:
			strcpy(e->u.stop.reason, "signal");
			break;
		case EV_PHONE:
			strcpy(e->u.phone.mac, "00:1b:d4:12:34:56");
			strcpy(e->u.phone.model, "7970");
			strcpy(e->u.phone.via, "cdp");
			if (!full)
				break;
			ev_put(e, "ip", "198.18.0.10");
			strcpy(e->u.phone.firmware, "SCCP70.8-3-1S");
			ev_put(e, "phase", "flashing");
			strcpy(e->u.phone.detail, "component 2 of 5");
			e->u.phone.vlan = 100;
			break;
		case EV_DHCP_LEASE:
			strcpy(e->u.lease.mac, "00:1b:d4:12:34:56");
			ev_put(e, "ip", "198.18.0.10");
			strcpy(e->u.lease.vendor_class, "Cisco Systems, Inc. IP Phone CP-7970G");
			e->u.lease.lease_secs = 3600;
			if (!full)
				break;
			strcpy(e->u.lease.model, "7970");
			strcpy(e->u.lease.hostname, "SEP001BD4123456");
			ev_put(e, "state", "ack");
			break;
		case EV_DHCP_SERVER_SEEN:
			ev_put(e, "server", "198.18.0.254");
			strcpy(e->u.server.mac, "02:00:00:00:00:fe");
			if (full)
				ev_put(e, "offered", "198.18.0.77");
			break;
		case EV_NOTICE:
			strcpy(e->u.notice.code, "no_load_for_model");
			if (full) {
				ev_put(e, "level", "warn");
				strcpy(e->u.notice.mac, "00:1b:d4:12:34:56");
				strcpy(e->u.notice.file, "term70.default.loads");
			}
			strcpy(e->u.notice.text, "no load for the 7970");
			break;
		case EV_FW_IMPORT:
			strcpy(e->u.fw.archive, "cmterm-7970.zip");
			ev_put(e, "stage", full ? "reading" : "done");
			e->u.fw.bytes = 1000;
			e->u.fw.total = 5000;
			e->u.fw.files = 6;
			e->u.fw.models = 1;
			if (full)
				strcpy(e->u.fw.text, "reading the archive");
			break;
		default:	/* the TFTP events share one struct */
			e->u.tftp.xfer = full ? 7 : 0;
			ev_put(e, "client", "198.18.0.10:49152");
			strcpy(e->u.tftp.file, "SEP001BD4123456.cnf.xml");
			strcpy(e->u.tftp.path, "sep/SEP001BD4123456.cnf.xml");
			e->u.tftp.size = 2048;
			e->u.tftp.size_known = 1;
			e->u.tftp.bytes = 1024;
			e->u.tftp.seconds = 1.25;
			e->u.tftp.code = 1;
			strcpy(e->u.tftp.message, "file not found");
			if (!full)
				break;
			strcpy(e->u.tftp.mac, "00:1b:d4:12:34:56");
			ev_put(e, "proto", "http");
			break;
		}
	}
	return (n);
}

#endif /* SINK_GOLDEN_H */
