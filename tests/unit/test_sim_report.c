/*
 * The simulated phone's report records and their two printers: the
 * project's one JSON string encoder (UTF-8 kept, other bytes U+FFFD,
 * controls escaped), key=value text, lists, fields that do not fit.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "sbuf.h"
#include "sim/sim_report.h"

/* The report as JSON (json set) or text, in a buffer kept until the next. */
static const char *
show(const struct sim_report *r, int json)
{
	static struct sbuf	 b;

	sbuf_free(&b);
	sbuf_init(&b);
	if (json)
		sim_report_json(&b, r);
	else
		sim_report_text(&b, r);
	return (sbuf_str(&b));
}
#define json(r)	show((r), 1)
#define text(r)	show((r), 0)

int
main(void)
{
	struct sim_report	 r;
	char			 big[SIM_REPORT_TEXT + 8];
	unsigned		 i;

	plan(11);
	sim_report_begin(&r, "file", 812);
	sim_report_str(&r, "file", "SEP001BD4A1B2C3.cnf.xml");
	sim_report_bool(&r, "required", 0);
	sim_report_num(&r, "bytes", 4096);
	is_str(json(&r), "{\"sim\":\"file\",\"ms\":812,"
	    "\"file\":\"SEP001BD4A1B2C3.cnf.xml\",\"required\":false,"
	    "\"bytes\":4096}", "JSON: kind, time, fields in order");
	is_str(text(&r), "sim=file ms=812 file=SEP001BD4A1B2C3.cnf.xml "
	    "required=false bytes=4096", "text: the same fields as words");

	/* A server's name for a file: UTF-8, Latin-1, quotes and controls. */
	sim_report_begin(&r, "file", 1);
	sim_report_str(&r, "file", "caf\xc3\xa9.loads");
	is_str(json(&r), "{\"sim\":\"file\",\"ms\":1,"
	    "\"file\":\"caf\xc3\xa9.loads\"}", "UTF-8 is kept as it is");
	sim_report_begin(&r, "file", 1);
	sim_report_str(&r, "file", "caf\xe9.loads");
	is_str(json(&r), "{\"sim\":\"file\",\"ms\":1,"
	    "\"file\":\"caf\\ufffd.loads\"}",
	    "a Latin-1 byte is no UTF-8: U+FFFD, and the JSON stays valid");
	sim_report_begin(&r, "file", 1);
	sim_report_str(&r, "message", "no \"such\"\tfile\\\n");
	is_str(json(&r), "{\"sim\":\"file\",\"ms\":1,"
	    "\"message\":\"no \\\"such\\\"\\tfile\\\\\\n\"}",
	    "quotes, backslash and controls escaped");
	is_str(text(&r), "sim=file ms=1 message=\"no \\\"such\\\"\\x09file"
	    "\\\\\\x0a\"", "text quotes a value that needs it");

	sim_report_begin(&r, "loads", 5);
	sim_report_list(&r, "list");
	sim_report_list_add(&r, "jar70sccp.9-4-2ES26.sbn");
	sim_report_list_add(&r, "cnu70.9-4-2ES26.sbn");
	sim_report_num(&r, "components", 2);
	is_str(json(&r), "{\"sim\":\"loads\",\"ms\":5,\"list\":["
	    "\"jar70sccp.9-4-2ES26.sbn\",\"cnu70.9-4-2ES26.sbn\"],"
	    "\"components\":2}", "a list of names");
	is_str(text(&r), "sim=loads ms=5 list=jar70sccp.9-4-2ES26.sbn,"
	    "cnu70.9-4-2ES26.sbn components=2", "... as text, commas");
	sim_report_begin(&r, "loads", 5);
	sim_report_list(&r, "list");
	is_str(json(&r), "{\"sim\":\"loads\",\"ms\":5,\"list\":[]}",
	    "an empty list");

	/* What does not fit is left out whole, never cut into bad JSON. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	sim_report_begin(&r, "file", 2);
	sim_report_str(&r, "message", big);
	sim_report_num(&r, "code", 1);
	ok(r.truncated && strcmp(json(&r),
	    "{\"sim\":\"file\",\"ms\":2,\"code\":1}") == 0,
	    "a string too long for the record is left out");
	sim_report_begin(&r, "file", 2);
	for (i = 0; i < SIM_REPORT_FIELDS + 2; i++)
		sim_report_num(&r, "n", i);
	ok(r.truncated && r.nfields == SIM_REPORT_FIELDS,
	    "fields past the record's size are left out");
	return (done_testing());
}
