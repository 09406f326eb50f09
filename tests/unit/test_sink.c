/* JSON and text printers: names, fields, and hostile strings. */
#include "config.h"

#include <string.h>

#include "../tap.h"
#include "sink.h"
#include "sink_golden.h"

/* Printed by the tree before the typed schema (commit 31199ff). */
static const char *const golden[] = {
	/* J1 */ "{\"event\":\"log\",\"time\":\"2026-11-23T06:30:43.123Z\",\"level\":\"warn\",\"message\":\"a \\\"quoted\\\" line\"}",
	/* T1 */ "06:30:43.123 log level=warn message=\"a \\\"quoted\\\" line\"",
	/* J1 */ "{\"event\":\"ready\",\"time\":\"2026-11-23T06:30:43.123Z\",\"iface\":\"eth1\",\"address\":\"198.18.0.1/24\",\"dhcp\":true,\"tftp\":true,\"sniff\":true,\"root\":\"/srv/phones\",\"tftp_port\":69,\"dhcp_port\":67,\"http\":true,\"http_port\":6970}",
	/* T1 */ "06:30:43.123 ready iface=eth1 address=198.18.0.1/24 dhcp=yes tftp=yes sniff=yes root=/srv/phones tftp_port=69 dhcp_port=67 http=yes http_port=6970",
	/* J1 */ "{\"event\":\"stop\",\"time\":\"2026-11-23T06:30:43.123Z\",\"reason\":\"signal\"}",
	/* T1 */ "06:30:43.123 stop reason=signal",
	/* J1 */ "{\"event\":\"phone\",\"time\":\"2026-11-23T06:30:43.123Z\",\"mac\":\"00:1b:d4:12:34:56\",\"model\":\"7970\",\"via\":\"cdp\",\"ip\":\"198.18.0.10\",\"firmware\":\"SCCP70.8-3-1S\",\"phase\":\"flashing\",\"vlan\":100,\"detail\":\"component 2 of 5\"}",
	/* T1 */ "06:30:43.123 phone mac=00:1b:d4:12:34:56 model=7970 via=cdp ip=198.18.0.10 firmware=SCCP70.8-3-1S phase=flashing vlan=100 detail=\"component 2 of 5\"",
	/* J1 */ "{\"event\":\"dhcp_lease\",\"time\":\"2026-11-23T06:30:43.123Z\",\"mac\":\"00:1b:d4:12:34:56\",\"ip\":\"198.18.0.10\",\"vendor_class\":\"Cisco Systems, Inc. IP Phone CP-7970G\",\"model\":\"7970\",\"hostname\":\"SEP001BD4123456\",\"lease\":3600,\"state\":\"ack\"}",
	/* T1 */ "06:30:43.123 dhcp_lease mac=00:1b:d4:12:34:56 ip=198.18.0.10 vendor_class=\"Cisco Systems, Inc. IP Phone CP-7970G\" model=7970 hostname=SEP001BD4123456 lease=3600 state=ack",
	/* J1 */ "{\"event\":\"dhcp_server_seen\",\"time\":\"2026-11-23T06:30:43.123Z\",\"server\":\"198.18.0.254\",\"mac\":\"02:00:00:00:00:fe\",\"offered\":\"198.18.0.77\"}",
	/* T1 */ "06:30:43.123 dhcp_server_seen server=198.18.0.254 mac=02:00:00:00:00:fe offered=198.18.0.77",
	/* J1 */ "{\"event\":\"tftp_start\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"path\":\"sep/SEP001BD4123456.cnf.xml\",\"size\":2048,\"xfer\":7,\"mac\":\"00:1b:d4:12:34:56\",\"proto\":\"http\"}",
	/* T1 */ "06:30:43.123 tftp_start client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml path=sep/SEP001BD4123456.cnf.xml size=2048 xfer=7 mac=00:1b:d4:12:34:56 proto=http",
	/* J1 */ "{\"event\":\"tftp_progress\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"bytes\":1024,\"size\":2048,\"xfer\":7,\"proto\":\"http\"}",
	/* T1 */ "06:30:43.123 tftp_progress client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml bytes=1024 size=2048 xfer=7 proto=http",
	/* J1 */ "{\"event\":\"tftp_done\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"bytes\":1024,\"seconds\":1.250,\"xfer\":7,\"mac\":\"00:1b:d4:12:34:56\",\"proto\":\"http\"}",
	/* T1 */ "06:30:43.123 tftp_done client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml bytes=1024 seconds=1.250 xfer=7 mac=00:1b:d4:12:34:56 proto=http",
	/* J1 */ "{\"event\":\"tftp_error\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"code\":1,\"message\":\"file not found\",\"xfer\":7,\"mac\":\"00:1b:d4:12:34:56\",\"proto\":\"http\"}",
	/* T1 */ "06:30:43.123 tftp_error client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml code=1 message=\"file not found\" xfer=7 mac=00:1b:d4:12:34:56 proto=http",
	/* J1 */ "{\"event\":\"notice\",\"time\":\"2026-11-23T06:30:43.123Z\",\"code\":\"no_load_for_model\",\"level\":\"warn\",\"mac\":\"00:1b:d4:12:34:56\",\"file\":\"term70.default.loads\",\"message\":\"no load for the 7970\"}",
	/* T1 */ "06:30:43.123 notice code=no_load_for_model level=warn mac=00:1b:d4:12:34:56 file=term70.default.loads message=\"no load for the 7970\"",
	/* J1 */ "{\"event\":\"fw_import\",\"time\":\"2026-11-23T06:30:43.123Z\",\"archive\":\"cmterm-7970.zip\",\"stage\":\"reading\",\"bytes\":1000,\"total\":5000,\"files\":6,\"models\":1,\"message\":\"reading the archive\"}",
	/* T1 */ "06:30:43.123 fw_import archive=cmterm-7970.zip stage=reading bytes=1000 total=5000 files=6 models=1 message=\"reading the archive\"",
	/* J0 */ "{\"event\":\"log\",\"time\":\"2026-11-23T06:30:43.123Z\",\"level\":\"debug\",\"message\":\"a \\\"quoted\\\" line\"}",
	/* T0 */ "06:30:43.123 log level=debug message=\"a \\\"quoted\\\" line\"",
	/* J0 */ "{\"event\":\"ready\",\"time\":\"2026-11-23T06:30:43.123Z\",\"iface\":\"eth1\",\"address\":\"198.18.0.1/24\",\"dhcp\":false,\"tftp\":false,\"sniff\":false,\"root\":\"/srv/phones\",\"http\":false}",
	/* T0 */ "06:30:43.123 ready iface=eth1 address=198.18.0.1/24 dhcp=no tftp=no sniff=no root=/srv/phones http=no",
	/* J0 */ "{\"event\":\"stop\",\"time\":\"2026-11-23T06:30:43.123Z\",\"reason\":\"signal\"}",
	/* T0 */ "06:30:43.123 stop reason=signal",
	/* J0 */ "{\"event\":\"phone\",\"time\":\"2026-11-23T06:30:43.123Z\",\"mac\":\"00:1b:d4:12:34:56\",\"model\":\"7970\",\"via\":\"cdp\"}",
	/* T0 */ "06:30:43.123 phone mac=00:1b:d4:12:34:56 model=7970 via=cdp",
	/* J0 */ "{\"event\":\"dhcp_lease\",\"time\":\"2026-11-23T06:30:43.123Z\",\"mac\":\"00:1b:d4:12:34:56\",\"ip\":\"198.18.0.10\",\"vendor_class\":\"Cisco Systems, Inc. IP Phone CP-7970G\",\"lease\":3600}",
	/* T0 */ "06:30:43.123 dhcp_lease mac=00:1b:d4:12:34:56 ip=198.18.0.10 vendor_class=\"Cisco Systems, Inc. IP Phone CP-7970G\" lease=3600",
	/* J0 */ "{\"event\":\"dhcp_server_seen\",\"time\":\"2026-11-23T06:30:43.123Z\",\"server\":\"198.18.0.254\",\"mac\":\"02:00:00:00:00:fe\"}",
	/* T0 */ "06:30:43.123 dhcp_server_seen server=198.18.0.254 mac=02:00:00:00:00:fe",
	/* J0 */ "{\"event\":\"tftp_start\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"path\":\"sep/SEP001BD4123456.cnf.xml\",\"size\":2048,\"xfer\":0,\"proto\":\"tftp\"}",
	/* T0 */ "06:30:43.123 tftp_start client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml path=sep/SEP001BD4123456.cnf.xml size=2048 xfer=0 proto=tftp",
	/* J0 */ "{\"event\":\"tftp_progress\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"bytes\":1024,\"size\":2048,\"xfer\":0,\"proto\":\"tftp\"}",
	/* T0 */ "06:30:43.123 tftp_progress client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml bytes=1024 size=2048 xfer=0 proto=tftp",
	/* J0 */ "{\"event\":\"tftp_done\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"bytes\":1024,\"seconds\":1.250,\"xfer\":0,\"proto\":\"tftp\"}",
	/* T0 */ "06:30:43.123 tftp_done client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml bytes=1024 seconds=1.250 xfer=0 proto=tftp",
	/* J0 */ "{\"event\":\"tftp_error\",\"time\":\"2026-11-23T06:30:43.123Z\",\"client\":\"198.18.0.10:49152\",\"file\":\"SEP001BD4123456.cnf.xml\",\"code\":1,\"message\":\"file not found\",\"proto\":\"tftp\"}",
	/* T0 */ "06:30:43.123 tftp_error client=198.18.0.10:49152 file=SEP001BD4123456.cnf.xml code=1 message=\"file not found\" proto=tftp",
	/* J0 */ "{\"event\":\"notice\",\"time\":\"2026-11-23T06:30:43.123Z\",\"code\":\"no_load_for_model\",\"level\":\"info\",\"message\":\"no load for the 7970\"}",
	/* T0 */ "06:30:43.123 notice code=no_load_for_model level=info message=\"no load for the 7970\"",
	/* J0 */ "{\"event\":\"fw_import\",\"time\":\"2026-11-23T06:30:43.123Z\",\"archive\":\"cmterm-7970.zip\",\"stage\":\"done\",\"bytes\":1000,\"total\":5000,\"files\":6,\"models\":1}",
	/* T0 */ "06:30:43.123 fw_import archive=cmterm-7970.zip stage=done bytes=1000 total=5000 files=6 models=1",
};

static struct ev
tftp_done(const char *file)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = EV_TFTP_DONE;
	e.wall_ms = 1795415443123ULL;	/* 2026-11-23T06:30:43.123Z */
	ev_put(&e, "client", "198.18.0.2:4321");
	strncpy(e.u.tftp.file, file, sizeof e.u.tftp.file - 1);
	e.u.tftp.bytes = 1234;
	e.u.tftp.seconds = 0.5;
	e.u.tftp.xfer = 7;
	return (e);
}

static const char *
json(const struct ev *e)
{
	static struct sbuf	 s;

	sbuf_reset(&s);
	sink_format_json(&s, e);
	return (sbuf_str(&s));
}

static const char *
esc(const char *in, size_t n)
{
	static struct sbuf	 s;

	sbuf_reset(&s);
	sbuf_add_json(&s, in, n);
	return (sbuf_str(&s));
}

/* Every event, full and minimal, JSON then text, against the golden lines. */
static void
golden_check(void)
{
	struct ev	 v[EV__COUNT];
	struct sbuf	 s;
	size_t		 i, n, g = 0;
	int		 full;

	for (full = 1; full >= 0; full--) {
		n = golden_events(v, full);
		for (i = 0; i < n; i++) {
			sbuf_init(&s);
			sink_format_json(&s, &v[i]);
			is_str(sbuf_str(&s), golden[g++], "%s %s JSON as before",
			    ev_name(v[i].type), full ? "full" : "minimal");
			sbuf_free(&s);
			sbuf_init(&s);
			sink_format_text(&s, &v[i]);
			is_str(sbuf_str(&s), golden[g++], "%s %s text as before",
			    ev_name(v[i].type), full ? "full" : "minimal");
			sbuf_free(&s);
		}
	}
}

/*
 * The script reader's setter and the printers agree: every field of every
 * golden event, printed, then set on an empty event from that text, prints
 * the same (so a script line may say what a JSON line said).
 */
static void
roundtrip_check(void)
{
	struct ev		 v[EV__COUNT], back;
	const struct ev_schema	*sc;
	const struct ev_field	*f;
	char			 a[EV_NAME_LEN], b[EV_NAME_LEN];
	size_t			 i, j, n, bad = 0, nf = 0;

	n = golden_events(v, 1);
	for (i = 0; i < n; i++) {
		sc = ev_schema(v[i].type);
		for (j = 0; j < sc->n; j++) {
			f = &sc->fields[j];
			memset(&back, 0, sizeof back);
			back.type = v[i].type;
			ev_field_str(&v[i], f, a, sizeof a);
			if (ev_field_set(&back, f, a) != 0)
				bad++, diag("%s %s=%s refused", ev_name(v[i].type),
				    f->key, a);
			ev_field_str(&back, f, b, sizeof b);
			if (strcmp(a, b) != 0)
				bad++, diag("%s %s: %s then %s",
				    ev_name(v[i].type), f->key, a, b);
			nf++;
		}
	}
	ok(bad == 0 && nf > 50, "every field reads back what it prints (%zu)",
	    nf);
	memset(&back, 0, sizeof back);
	back.type = EV_TFTP_START;
	ok(ev_field_set(&back, ev_field_find(EV_TFTP_START, "client"),
	    "198.18.0.2") != 0 &&
	    ev_field_set(&back, ev_field_find(EV_TFTP_START, "client"),
	    "198.18.0.2:65536") != 0 &&
	    ev_field_set(&back, ev_field_find(EV_TFTP_START, "proto"),
	    "ftp") != 0, "a client without a port, a port past 65535 and "
	    "an unknown proto refused");
	back.type = EV_PHONE;
	ok(ev_field_set(&back, ev_field_find(EV_PHONE, "phase"), "boot") != 0 &&
	    ev_field_set(&back, ev_field_find(EV_PHONE, "ip"), "1.2.3") != 0,
	    "an unknown phase and a short address refused");
	ok(ev_field_find(EV_TFTP_DONE, "path") == NULL &&
	    ev_field_find(EV_TFTP_START, "path") != NULL,
	    "each TFTP event has its own fields");
}

int
main(void)
{
	struct ev	 e;
	struct sbuf	 t;
	char		 ts[40];

	plan(23 + (int)(sizeof golden / sizeof golden[0]));
	sink_rfc3339(ts, sizeof ts, 1795415443123ULL);
	is_str(ts, "2026-11-23T06:30:43.123Z", "RFC 3339 UTC with milliseconds");

	e = tftp_done("term70.default.loads");
	is_str(json(&e), "{\"event\":\"tftp_done\",\"time\":\"2026-11-23T06:30:43.123Z\","
	    "\"client\":\"198.18.0.2:4321\",\"file\":\"term70.default.loads\","
	    "\"bytes\":1234,\"seconds\":0.500,\"xfer\":7,\"proto\":\"tftp\"}",
	    "tftp_done as PRODUCT.md names it");

	is_str(esc("a\"b\\c", 5), "a\\\"b\\\\c", "quote and backslash escaped");
	is_str(esc("\n\r\t\x01\x1f\x7f", 6), "\\n\\r\\t\\u0001\\u001f\\u007f",
	    "control bytes escaped");
	is_str(esc("caf\xc3\xa9", 5), "caf\xc3\xa9", "valid UTF-8 kept");
	is_str(esc("\xff\xfe", 2), "\\ufffd\\ufffd", "invalid bytes become U+FFFD");
	is_str(esc("\xc0\xaf", 2), "\\ufffd\\ufffd", "overlong encoding refused");
	is_str(esc("\xed\xa0\x80", 3), "\\ufffd\\ufffd\\ufffd", "UTF-16 surrogate refused");
	is_str(esc("\xe2\x82", 2), "\\ufffd\\ufffd", "truncated sequence refused");
	is_str(esc("\xf0\x9f\x93\x9e", 4), "\xf0\x9f\x93\x9e", "4-byte sequence kept");
	is_str(esc("a\0b", 3), "a\\u0000b", "NUL inside a string escaped");

	e = tftp_done("%n%s\"}{\x1b[2J");
	ok(strstr(json(&e), "\"file\":\"%n%s\\\"}{\\u001b[2J\"") != NULL,
	    "hostile file name stays inside its JSON string");

	sbuf_init(&t);
	sink_format_text(&t, &e);
	is_str(sbuf_str(&t), "06:30:43.123 tftp_done client=198.18.0.2:4321 "
	    "file=\"%n%s\\\"}{\\x1b[2J\" bytes=1234 seconds=0.500 xfer=7 proto=tftp",
	    "text line quotes and escapes the same name");
	sbuf_free(&t);

	memset(&e, 0, sizeof e);
	e.type = EV_PHONE;
	strcpy(e.u.phone.mac, "00:1b:d4:12:34:56");
	strcpy(e.u.phone.model, "7970");
	strcpy(e.u.phone.via, "dhcp");
	ok(strstr(json(&e), "\"ip\"") == NULL, "optional phone fields left out when empty");
	ev_put(&e, "ip", "198.18.0.10");
	ok(strstr(json(&e), "\"ip\":\"198.18.0.10\"") != NULL, "and present when set");

	memset(&e, 0, sizeof e);
	e.type = EV_READY;
	e.u.ready.tftp = 1;
	ok(strstr(json(&e), "\"dhcp\":false,\"tftp\":true,\"sniff\":false") != NULL,
	    "ready carries engine booleans");
	ok(strstr(json(&e), "\"http\":false}") != NULL &&
	    strstr(json(&e), "http_port") == NULL,
	    "ready: http false, last, and no port when off");
	e.u.ready.http = 1;
	e.u.ready.http_port = 6970;
	ok(strstr(json(&e), "\"http\":true,\"http_port\":6970}") != NULL,
	    "ready: http true and its port");

	e = tftp_done("jar70sip.sbn");
	ev_put(&e, "proto", "http");
	ok(strstr(json(&e), "\"xfer\":7,\"proto\":\"http\"}") != NULL,
	    "a transfer over HTTP says proto http");
	golden_check();
	roundtrip_check();
	return (done_testing());
}
