/* JSON and text printers: names, fields, and hostile strings. */
#include "config.h"

#include <string.h>

#include "../tap.h"
#include "sink.h"

static struct ev
tftp_done(const char *file)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = EV_TFTP_DONE;
	e.wall_ms = 1795415443123ULL;	/* 2026-11-23T06:30:43.123Z */
	strcpy(e.u.tftp.client, "198.18.0.2:4321");
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

int
main(void)
{
	struct ev	 e;
	struct sbuf	 t;
	char		 ts[40];

	plan(19);
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
	strcpy(e.u.phone.ip, "198.18.0.10");
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
	strcpy(e.u.tftp.proto, "http");
	ok(strstr(json(&e), "\"xfer\":7,\"proto\":\"http\"}") != NULL,
	    "a transfer over HTTP says proto http");
	return (done_testing());
}
