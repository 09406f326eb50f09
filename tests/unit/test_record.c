/*
 * The session record: events folded into a phone's record, the file
 * read back (a torn last line left out, a session cut short read as
 * "still going"), two sessions, a phone recognised by its MAC in a
 * later one, --all merged by MAC, and the CSV/JSON printers.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev.h"
#include "record/record.h"
#include "../tap.h"

static char	 state[] = "/tmp/test_record.XXXXXX";

static struct ev
phone_ev(const char *mac, const char *model, const char *fw,
    enum sniff_phase ph, uint64_t at)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = EV_PHONE;
	e.wall_ms = at;
	snprintf(e.u.phone.mac, sizeof e.u.phone.mac, "%s", mac);
	snprintf(e.u.phone.model, sizeof e.u.phone.model, "%s", model);
	snprintf(e.u.phone.firmware, sizeof e.u.phone.firmware, "%s", fw);
	e.u.phone.phase = ph;
	return (e);
}

static struct ev
xfer_ev(enum ev_type t, const char *mac, uint64_t bytes, uint64_t at)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = t;
	e.wall_ms = at;
	snprintf(e.u.tftp.mac, sizeof e.u.tftp.mac, "%s", mac);
	e.u.tftp.bytes = bytes;
	return (e);
}

static struct ev
notice_ev(const char *mac, const char *code, enum ev_level l, uint64_t at)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = EV_NOTICE;
	e.wall_ms = at;
	snprintf(e.u.notice.mac, sizeof e.u.notice.mac, "%s", mac);
	snprintf(e.u.notice.code, sizeof e.u.notice.code, "%s", code);
	e.u.notice.level = l;
	return (e);
}

static void
feed(struct recorder *r, struct ev e)
{
	recorder_event(r, &e);
}

/* Session one: A back up (two files, one retry), B mid-flash. */
static struct recorder *
session_one(uint64_t t0)
{
	char		 err[256];
	struct recorder	*r;
	struct ev	 e;

	r = recorder_open(state, t0, 1111, err, sizeof err);
	ok(r != NULL, "recorder opens (%s)", r != NULL ? "" : err);
	if (r == NULL)
		exit(1);
	feed(r, xfer_ev(EV_TFTP_DONE, "00:1b:d4:00:00:0b", 5, t0));
	e = phone_ev("00:1b:d4:00:00:0a", "7970", "TERM70.7-0-1-0S",
	    SNIFF_PHASE_LINK_UP, t0 + 1000);
	snprintf(e.u.phone.name, sizeof e.u.phone.name, "SEP001BD400000A");
	snprintf(e.u.phone.serial, sizeof e.u.phone.serial, "FCH12\tX");
	snprintf(e.u.phone.plan, sizeof e.u.phone.plan,
	    "7.0(1) -> 8.5(2) -> 9.4(2)SR3");
	feed(r, e);
	feed(r, phone_ev("00:1b:d4:00:00:0b", "7960", "", SNIFF_PHASE_FLASHING,
	    t0 + 1500));
	feed(r, xfer_ev(EV_TFTP_ERROR, "00:1b:d4:00:00:0a", 0, t0 + 2000));
	/* Not found (the configuration hunt): no retry. */
	e = xfer_ev(EV_TFTP_ERROR, "00:1b:d4:00:00:0a", 0, t0 + 2100);
	e.u.tftp.code = 1;
	feed(r, e);
	e.u.tftp.proto = EV_PROTO_HTTP;
	e.u.tftp.code = 404;
	feed(r, e);
	feed(r, xfer_ev(EV_TFTP_DONE, "00:1b:d4:00:00:0a", 700, t0 + 3000));
	feed(r, notice_ev("00:1b:d4:00:00:0a", "black_screen", EV_WARN,
	    t0 + 3500));
	feed(r, notice_ev("00:1b:d4:00:00:0a", "black_screen", EV_WARN,
	    t0 + 3600));
	feed(r, notice_ev("00:1b:d4:00:00:0a", "no_dhcp_yet", EV_INFO,
	    t0 + 3700));
	feed(r, xfer_ev(EV_TFTP_DONE, "00:1b:d4:00:00:0a", 300, t0 + 4000));
	feed(r, phone_ev("00:1b:d4:00:00:0a", "7970", "SCCP70.9-4-2SR3-1S",
	    SNIFF_PHASE_REGISTERED, t0 + 5000));
	feed(r, notice_ev("00:1b:d4:00:00:0a", "recovered", EV_INFO,
	    t0 + 9000));
	feed(r, xfer_ev(EV_TFTP_DONE, "00:1b:d4:00:00:0b", 42, t0 + 9500));
	return (r);
}

static void
check_one(const struct rec_session *s, const char *what)
{
	const struct rec_phone	*a, *b;

	ok(s->nphones == 2, "%s: two phones (a transfer before any phone "
	    "event names none)", what);
	if (s->nphones != 2)
		return;
	a = &s->phones[0];
	b = &s->phones[1];
	is_str(a->mac, "00:1b:d4:00:00:0a", "%s: A's MAC", what);
	is_str(a->model, "7970", "%s: A's model", what);
	is_str(a->name, "SEP001BD400000A", "%s: the name it reports", what);
	is_str(a->serial, "FCH12\tX", "%s: its serial (a TAB escaped)", what);
	is_str(a->plan, "7.0(1) -> 8.5(2) -> 9.4(2)SR3", "%s: its plan's steps",
	    what);
	is_str(a->load_first, "TERM70.7-0-1-0S", "%s: load when first seen",
	    what);
	is_str(a->load_last, "SCCP70.9-4-2SR3-1S", "%s: load at the end", what);
	is_str(rec_result_name(a->result), "back up", "%s: A back up", what);
	ok(a->bytes == 1000, "%s: A's bytes (%llu)", what,
	    (unsigned long long)a->bytes);
	ok(a->retries == 1, "%s: A's retries", what);
	is_str(a->problems, "black_screen", "%s: a problem listed once, an info notice none", what);
	ok(rec_duration_ms(a) == 8000, "%s: duration first seen -> back up",
	    what);
	ok(b->bytes == 42, "%s: B's bytes", what);
}

static void
test_writer_reader(void)
{
	struct rec_session	 s;
	struct recorder		*r;
	char			 err[256], path[4096];
	int			 fd;

	r = session_one(1700000000000ULL);
	snprintf(path, sizeof path, "%s", recorder_path(r));
	ok(strstr(path, "/sessions/20231114T221320Z-1111.rec") != NULL,
	    "file named by start time and pid (%s)", path);
	ok(recorder_nphones(r) == 2, "writer holds two phones");
	/* Read while serving: cut short, B still going. */
	ok(rec_read(path, &s, err, sizeof err) == 0, "read while open");
	check_one(&s, "open");
	ok(s.end_ms == 0, "no end line yet");
	is_str(rec_result_name(s.phones[1].result), "still going",
	    "B still going");
	rec_session_free(&s);
	/* A crash tears the last line: it is left out. */
	fd = open(path, O_WRONLY | O_APPEND);
	ok(fd >= 0 && write(fd, "phone\tmac=00:1b:d4:00:00:0c\tmodel=79",
	    36) == 36, "torn line appended");
	close(fd);
	ok(rec_read(path, &s, err, sizeof err) == 0, "read after a tear");
	check_one(&s, "torn");
	rec_session_free(&s);
	/* Rewrite it cleanly, as a finished session. */
	recorder_close(r, 1700000001000ULL);
	unlink(path);
	r = session_one(1700000000000ULL);
	recorder_close(r, 1700000060000ULL);
	ok(rec_read(path, &s, err, sizeof err) == 0, "read after close");
	check_one(&s, "closed");
	ok(s.end_ms == 1700000060000ULL, "end recorded");
	rec_session_free(&s);
}

/* Session two: A again (a retry that never recovers), C new. */
static void
test_two_sessions(void)
{
	struct rec_session	 s;
	struct recorder		*r;
	char			 err[256], path[4096];
	uint64_t		 t0 = 1700000100000ULL;

	r = recorder_open(state, t0, 2222, err, sizeof err);
	feed(r, phone_ev("00:1b:d4:00:00:0a", "7970", "SCCP70.9-4-2SR3-1S",
	    SNIFF_PHASE_FLASHING, t0 + 10));
	feed(r, xfer_ev(EV_TFTP_DONE, "00:1b:d4:00:00:0a", 10, t0 + 20));
	feed(r, xfer_ev(EV_TFTP_ERROR, "00:1b:d4:00:00:0a", 0, t0 + 30));
	feed(r, phone_ev("00:1b:d4:00:00:0c", "7941", "", SNIFF_PHASE_FAILED,
	    t0 + 40));
	recorder_close(r, t0 + 1000);

	ok(rec_load(state, NULL, &s, err, sizeof err) == 0, "latest loads");
	is_str(s.id, "20231114T221500Z-2222", "the latest by default");
	ok(s.nphones == 2, "two phones in the latest");
	if (s.nphones == 2) {
		is_str(rec_result_name(s.phones[0].result), "gave up",
		    "A's last transfer failed: gave up");
		is_str(s.phones[0].seen_before, "20231114T221320Z-1111",
		    "A seen before in session one");
		is_str(rec_result_name(s.phones[1].result), "failed",
		    "C failed");
		is_str(s.phones[1].seen_before, "", "C is new");
	}
	rec_session_free(&s);
	ok(rec_load(state, "20231114T221320Z-1111", &s, err, sizeof err) == 0,
	    "a given session loads");
	check_one(&s, "given");
	rec_session_free(&s);
	snprintf(path, sizeof path, "%s/sessions/20231114T221320Z-1111.rec",
	    state);
	ok(rec_load(state, path, &s, err, sizeof err) == 0 && s.nphones == 2,
	    "a session by its file's path");
	rec_session_free(&s);
	ok(rec_load(state, "nosuch", &s, err, sizeof err) == -1 &&
	    strstr(err, "no session nosuch") != NULL, "an unknown id: %s", err);

	ok(rec_load(state, "all", &s, err, sizeof err) == 0, "all loads");
	ok(s.nphones == 3, "merged by MAC: three phones (%zu)", s.nphones);
	if (s.nphones == 3) {
		ok(s.phones[0].bytes == 1010, "A's bytes summed (%llu)",
		    (unsigned long long)s.phones[0].bytes);
		ok(s.phones[0].retries == 2, "A's retries summed");
		is_str(s.phones[0].load_first, "TERM70.7-0-1-0S",
		    "A's first load from its first session");
		is_str(s.phones[0].session, "20231114T221500Z-2222",
		    "A's latest record wins");
		is_str(s.phones[0].seen_before, "20231114T221320Z-1111",
		    "A seen before");
	}
	rec_session_free(&s);
}

static void
test_print(void)
{
	struct rec_session	 s;
	char			 err[256], buf[8192];
	FILE			*f;
	size_t			 n;

	ok(rec_load(state, NULL, &s, err, sizeof err) == 0, "load for print");
	f = tmpfile();
	rec_print(f, &s, REC_CSV);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ok(strncmp(buf, "session,mac,model,", 18) == 0, "CSV header row");
	ok(strstr(buf, "\n20231114T221500Z-2222,00:1b:d4:00:00:0a,7970,")
	    != NULL, "CSV row");
	f = tmpfile();
	rec_print(f, &s, REC_JSON);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ok(strstr(buf, "{\"session\":\"20231114T221500Z-2222\",\"mac\":"
	    "\"00:1b:d4:00:00:0a\"") == buf, "JSON object per phone");
	ok(strstr(buf, "\"bytes\":10,") != NULL, "JSON numbers unquoted");
	ok(strstr(buf, "\"result\":\"failed\"") != NULL, "JSON result");
	rec_session_free(&s);
}

int
main(void)
{
	char	 cmd[256];

	plan(90);
	if (mkdtemp(state) == NULL)
		return (99);
	test_writer_reader();
	test_two_sessions();
	test_print();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	if (system(cmd) != 0)
		diag("could not remove %s", state);
	return (done_testing());
}
