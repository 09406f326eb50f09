/*
 * The wizard's flow machine, driven by a scripted event stream through
 * the real bus under the fake clock: steps and their guards, phone phases,
 * transfers with rate and ETA, expected misses, problems in words, the
 * keypad timers, and the script reader.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "flow/wizard.h"
#include "fw/fw_import.h"
#include "host/wizard_app.h"
#include "model/cisco_file.h"
#include "track/tracker.h"
#include "../tap.h"

static uint64_t	 now = 5000;
static int	 starts, stops, notified;
static char	 started_on[32];
static int	 start_fails;

static int
fake_start(void *arg, const char *iface, int force, char *err, size_t len)
{
	(void)arg;
	(void)force;
	if (start_fails) {
		snprintf(err, len, "port 67 in use");
		return (-1);
	}
	starts++;
	strlcpy(started_on, iface, sizeof started_on);
	return (0);
}

static void
fake_stop(void *arg)
{
	(void)arg;
	stops++;
}

static size_t
fake_ifaces(void *arg, struct wizard_iface *v, size_t max)
{
	(void)arg;
	if (max < 3)
		return (0);
	memset(v, 0, 3 * sizeof *v);
	strlcpy(v[0].name, "eth0", sizeof v[0].name);
	v[0].carrier = 1;
	v[0].default_route = 1;
	strlcpy(v[1].name, "eth1", sizeof v[1].name);
	v[1].carrier = 1;
	strlcpy(v[2].name, "eth2", sizeof v[2].name);
	return (3);
}

static void
on_change(void *arg)
{
	(void)arg;
	notified++;
}

/* Post one scripted line ("tftp_start xfer=1 ...") and dispatch it. */
static void
feed(const char *line)
{
	char		 buf[512], *words[24], *p, *last;
	char		 err[128];
	struct ev	 ev;
	int		 n = 0;

	strlcpy(buf, line, sizeof buf);
	for (p = strtok_r(buf, " ", &last); p != NULL && n < 24;
	    p = strtok_r(NULL, " ", &last))
		words[n++] = p;
	if (wizard_script_parse_event(words, n, &ev, err, sizeof err) != 0) {
		diag("bad test line %s: %s", line, err);
		return;
	}
	bus_post(&ev);
	bus_dispatch();
}

static const struct wizard_phone *
phone(struct wizard *w, const char *mac)
{
	size_t	 i;

	for (i = 0; i < wizard_phone_count(w); i++) {
		if (strcmp(wizard_phone_at(w, i)->mac, mac) == 0)
			return (wizard_phone_at(w, i));
	}
	return (NULL);
}

static void
test_steps(void)
{
	struct wizard_host	 h = { .start = fake_start, .stop = fake_stop,
	    .list_ifaces = fake_ifaces };
	struct wizard		*w = wizard_new(&h, "/srv/tftp");

	wizard_set_notify(w, on_change, NULL);
	is_int(wizard_step(w), WIZ_PICK_IFACE, "starts on the interface step");
	is_int(wizard_cmd_next(w), -1, "cannot skip the interface step");
	is_int(wizard_cmd_goto(w, WIZ_SERVING), -1, "nor jump past it");
	ok(wizard_cmd_refresh_ifaces(w) == 0 && wizard_iface_count(w) == 3,
	    "interfaces listed");
	is_int(wizard_iface_verdict(wizard_iface_at(w, 0)), WV_DEFAULT_ROUTE,
	    "default route is a verdict");
	is_int(wizard_iface_verdict(wizard_iface_at(w, 2)), WV_NO_CARRIER,
	    "no carrier is a verdict");
	ok(strstr(wizard_verdict_text(WV_NO_CARRIER), "plug the cable in") !=
	    NULL, "no carrier says plug the cable in");
	is_int(wizard_cmd_pick_iface(w, "eth0", 0), -1,
	    "the default-route interface is refused");
	ok(strstr(wizard_message(w), "F uses it anyway") != NULL,
	    "refusal says how to force");
	is_int(starts, 0, "no engine started on refusal");
	start_fails = 1;
	is_int(wizard_cmd_pick_iface(w, "eth1", 0), -1, "start failure reported");
	ok(strstr(wizard_message(w), "port 67 in use") != NULL,
	    "with the engine's reason");
	is_int(wizard_step(w), WIZ_PICK_IFACE, "and the step stays");
	start_fails = 0;
	notified = 0;
	is_int(wizard_cmd_pick_iface(w, "eth1", 0), 0, "eth1 picked");
	is_str(started_on, "eth1", "engines started on eth1");
	is_int(wizard_step(w), WIZ_IMPORT_FW, "then the firmware step");
	ok(notified > 0, "the front end was told");
	is_int(wizard_cmd_import(w, "/tmp/x.zip"), -1,
	    "no importer in this host: refused in words");
	ok(strstr(wizard_message(w), "phonerescue import") != NULL,
	    "pointing at the import command");
	wizard_cmd_next(w);
	is_int(wizard_step(w), WIZ_CONFIGURE, "next: configure");
	wizard_cmd_next(w);
	is_int(wizard_step(w), WIZ_KEYPAD, "next: keypad");
	is_int(wizard_keypad_state(w), WKP_PREPARE, "keypad starts preparing");
	wizard_cmd_back(w);
	is_int(wizard_step(w), WIZ_CONFIGURE, "back: configure");
	wizard_cmd_goto(w, WIZ_PICK_IFACE);
	is_int(stops, 0, "back to the first step keeps the engines (issue 16)");
	ok(wizard_engines_running(w), "still serving");
	is_int(wizard_cmd_goto(w, WIZ_IMPORT_FW), 0, "2 returns to Firmware");
	wizard_cmd_goto(w, WIZ_PICK_IFACE);
	is_int(wizard_cmd_pick_iface(w, "eth1", 0), 0, "the same interface: on");
	ok(stops == 0 && starts == 1, "without a restart");
	is_int(wizard_step(w), WIZ_IMPORT_FW, "on the firmware step");
	wizard_cmd_goto(w, WIZ_PICK_IFACE);
	is_int(wizard_cmd_stop(w), 0, "stopping is explicit");
	is_int(stops, 1, "it stops the engines");
	ok(!wizard_engines_running(w), "and says so");
	ok(strstr(wizard_log_at(w, wizard_log_count(w) - 1)->text,
	    "stopped serving on eth1 (asked)") != NULL, "and logs it");
	is_int(wizard_cmd_goto(w, WIZ_IMPORT_FW), -1, "then 2 needs an interface");
	is_int(wizard_cmd_pick_iface(w, "eth1", 0), 0, "eth1 again");
	is_int(wizard_cmd_pick_iface(w, "eth0", 1), -1, "a switch is asked for "
	    "on the first step only");
	wizard_cmd_goto(w, WIZ_PICK_IFACE);
	is_int(wizard_cmd_pick_iface(w, "eth0", 1), 0, "forced onto eth0");
	is_int(stops, 2, "switching stops eth1 first");
	ok(strstr(wizard_log_at(w, wizard_log_count(w) - 1)->text,
	    "stopped serving on eth1: switching to eth0") != NULL,
	    "and logs it");
	wizard_free(w);
	is_int(stops, 3, "freeing the wizard stops the engines");
}

static void
test_keypad(void)
{
	struct wizard	*w = wizard_new(NULL, "/r");

	wizard_cmd_pick_iface(w, "eth1", 0);
	wizard_cmd_goto(w, WIZ_KEYPAD);
	is_str(wizard_model(w), "7970", "default model");
	is_int(wizard_cmd_set_model(w, "CP-7961G-GE"), 0, "model by any name");
	is_str(wizard_model(w), "7961-GE", "normalised");
	is_int(wizard_cmd_set_model(w, "1234"), -1, "unknown model refused");
	now = 10000;
	wizard_cmd_keypad_go(w);
	is_int(wizard_keypad_ms(w, now), 60000, "60 s window opens");
	now += 42500;
	is_int(wizard_keypad_ms(w, now), 17500, "counts down");
	now += 30000;
	is_int(wizard_keypad_ms(w, now), 0, "and closes");
	wizard_cmd_keypad_typed(w);
	now += 300000;
	is_int(wizard_keypad_state(w), WKP_WAIT, "typed: waiting");
	is_int(wizard_keypad_ms(w, now), 300000, "patience timer counts up");
	/* A phone seen later does not override the user's model. */
	wizard_event(w, &(struct ev){ .type = EV_PHONE, .u.phone = {
	    .mac = "00:11:22:33:44:55", .model = "7942", .via = "cdp" } });
	is_str(wizard_model(w), "7961-GE", "user's model kept");
	wizard_free(w);
}

static void
test_live(void)
{
	struct wizard			*w = wizard_new(NULL, "/srv/tftp");
	struct tracker			*tr;
	const struct wizard_phone	*p;
	const struct wizard_xfer	*x;
	const char			*why;
	size_t				 i;
	int				 dim = 0;

	/* The tracker makes phones of the engines' events, as in serve. */
	tr = tracker_open(NULL, &(struct tracker_opts){ .engines = 1 });
	wizard_attach(w);
	wizard_cmd_pick_iface(w, "eth1", 0);
	wizard_cmd_goto(w, WIZ_SERVING);
	now = 100000;
	feed("ready iface=eth1 address=198.18.0.1/24 dhcp=1 tftp=1 sniff=1 "
	    "root=/srv/tftp");
	ok(strstr(wizard_serving_text(w), "eth1 198.18.0.1/24 DHCP TFTP") != NULL,
	    "ready shown");
	feed("dhcp_lease mac=00:1b:d4:aa:bb:cc ip=198.18.0.10 model=7970 "
	    "state=offer");
	p = phone(w, "00:1b:d4:aa:bb:cc");
	ok(p != NULL && p->phase == SNIFF_PHASE_REQUESTING_IP, "offer: requesting IP");
	is_str(wizard_model(w), "7970", "keypad model follows the phone");
	now += 500;
	feed("dhcp_lease mac=00:1b:d4:aa:bb:cc ip=198.18.0.10 state=ack");
	is_int(p->phase, SNIFF_PHASE_GOT_IP, "ack: got IP");
	is_str(p->ip, "198.18.0.10", "with its address");
	feed("tftp_error client=198.18.0.10:50000 file=CTLSEP001BD4AABBCC.tlv "
	    "code=1 message=NotFound");
	is_int(wizard_problem_count(w), 0, "a CTL miss is no problem");
	for (i = 0; i < wizard_log_count(w); i++)
		dim += wizard_log_at(w, i)->kind == WLOG_EXPECTED;
	is_int(dim, 1, "it is logged as expected (dimmed)");
	/* Issue 16: the 7940/7960's misses go the same way, in the log. */
	feed("tftp_error client=198.18.0.10:50000 file=SEPDefault.cnf "
	    "code=1 message=NotFound");
	feed("tftp_error client=198.18.0.10:50000 file=SIP001BD4AABBCC.cnf "
	    "code=1 message=NotFound");
	is_int(wizard_problem_count(w), 0, "SEPDefault/SIP<MAC> misses: no problem");
	for (i = 0, dim = 0; i < wizard_log_count(w); i++)
		dim += wizard_log_at(w, i)->kind == WLOG_EXPECTED;
	is_int(dim, 3, "... and dimmed like CTL/ITL");
	ok((why = cisco_file_optional("ITLSEP001BD4AABBCC.tlv")) != NULL &&
	    strstr(why, "CTL/ITL") != NULL, "ITL explained too");
	ok(cisco_file_optional("SIP70.8-5-2S.loads") == NULL,
	    "a load is never an expected miss");
	/* Issue 16: what a 7940/7960 asks for and does not need. */
	ok((why = cisco_file_optional("SEPDefault.cnf")) != NULL &&
	    strstr(why, "7940/7960") != NULL, "SEPDefault.cnf is expected");
	ok((why = cisco_file_optional("SIP001BD4AABBCC.cnf")) != NULL &&
	    strstr(why, "SIPDefault.cnf") != NULL, "SIP<MAC>.cnf is expected");
	ok(cisco_file_optional("sip001bd4aabbcc.cnf") != NULL,
	    "... in any case");
	ok((why = cisco_file_optional("MGC001BD4AABBCC.cnf")) != NULL &&
	    strstr(why, "MGCP") != NULL, "MGC<MAC>.cnf is expected");
	ok(cisco_file_optional("US/7960-tones.xml") != NULL &&
	    cisco_file_optional("/7960-font.xml") != NULL,
	    "the SIP image's locale files are optional");
	ok(cisco_file_optional("P0S3-8-12-00.sb2") == NULL &&
	    cisco_file_optional("P0S3-8-12-00.loads") == NULL &&
	    cisco_file_optional("SIPxyz.cnf") == NULL,
	    "its image, its load and a name without a MAC are not");
	now += 1000;
	feed("tftp_start xfer=1 client=198.18.0.10:50001 "
	    "file=term70.default.loads size=500");
	is_int(p->phase, SNIFF_PHASE_FETCHING_LOAD, "term file: fetching load");
	feed("tftp_done xfer=1 client=198.18.0.10:50001 "
	    "file=term70.default.loads bytes=500");
	now += 1000;
	feed("tftp_start xfer=2 client=198.18.0.10:50002 "
	    "file=apps70.8-5-2TH1-9.sbn size=4000000");
	is_int(p->phase, SNIFF_PHASE_FLASHING, "component: flashing");
	{
		char busy[256];
		is_int(wizard_phones_busy(w, busy, sizeof busy), 1,
		    "a flashing phone is busy: quitting asks first");
		is_str(busy, "7970 00:1b:d4:aa:bb:cc (flashing)",
		    "named with its phase");
	}
	now += 2000;
	feed("tftp_progress xfer=2 client=198.18.0.10:50002 "
	    "file=apps70.8-5-2TH1-9.sbn bytes=1000000 size=4000000");
	x = wizard_xfer_at(w, 1);
	is_int(x->bytes, 1000000, "progress counted");
	is_int(wizard_xfer_rate(x, now), 500000, "rate in bytes/s");
	is_int(wizard_xfer_eta_ms(x, now), 6000, "ETA from the rate");
	ok(x->mac[0] != '\0' && strcmp(x->mac, p->mac) == 0,
	    "transfer tied to the phone by its address");
	feed("tftp_error client=198.18.0.10:50003 file=dsp70.8-5-2TH1-9.sbn "
	    "code=1 message=NotFound");
	is_int(wizard_problem_count(w), 1, "a missing component is a problem");
	ok(strstr(wizard_problem_at(w, 0)->text, "import the firmware") != NULL,
	    "with what to do");
	ok(strstr(p->problem, "dsp70") != NULL, "shown on the phone's row");
	now += 6000;
	feed("tftp_done xfer=2 client=198.18.0.10:50002 "
	    "file=apps70.8-5-2TH1-9.sbn bytes=4000000 seconds=8");
	is_int(x->state, WX_DONE, "transfer done");
	is_int(wizard_xfer_eta_ms(x, now), 0, "no ETA once done");
	is_int(wizard_step(w), WIZ_SERVING, "not done while the phone works");
	now += 60000;
	feed("tftp_start xfer=3 client=198.18.0.10:50004 "
	    "file=XMLDefault.cnf.xml size=900");
	is_int(p->phase, SNIFF_PHASE_REQUESTING_CONFIG, "config after a load: rebooted");
	feed("tftp_done xfer=3 client=198.18.0.10:50004 "
	    "file=XMLDefault.cnf.xml bytes=900");
	ok(p->done && p->phase == SNIFF_PHASE_UNPROVISIONED, "then it runs: done");
	ok(p->problem[0] == '\0', "done clears the row's problem");
	is_int(wizard_step(w), WIZ_DONE, "every phone done: the flow is done");
	/* The sniffer's word wins, even backwards. */
	feed("phone mac=00:1b:d4:aa:bb:dd model=7942 via=cdp "
	    "phase=requesting-config");
	feed("phone mac=00:1b:d4:aa:bb:dd model=7942 via=tftp "
	    "phase=fetching-load detail=term42.default.loads");
	p = phone(w, "00:1b:d4:aa:bb:dd");
	is_int(p->phase, SNIFF_PHASE_FETCHING_LOAD, "sniffer phases may go back");
	is_int(wizard_step(w), WIZ_SERVING, "a phone after the end: not done");
	is_int(wizard_phones_busy(w, NULL, 0), 1, "and it is busy");
	feed("dhcp_server_seen server=198.18.0.254 mac=00:00:5e:00:53:01");
	ok(strstr(wizard_problem_at(w, wizard_problem_count(w) - 1)->text,
	    "Another DHCP server (198.18.0.254") != NULL,
	    "a foreign DHCP server is a problem in words");
	feed("notice code=wrong_model level=error mac=00:1b:d4:aa:bb:dd "
	    "message=SIP41-load-offered-to-a-7942");
	is_int(p->phase, SNIFF_PHASE_FAILED, "an error notice fails the phone");
	feed("phone mac=00:1b:d4:aa:bb:dd model=7942 via=tftp phase=registered");
	ok(p->done, "and it can still come back");
	is_int(wizard_step(w), WIZ_DONE, "the sniffer's word on the last phone: "
	    "done");
	/*
	 * The config's tftp_done may arrive after the phone's next request
	 * (the load the config names) has moved the phase on: still back up.
	 * (The tracker's rules remember the hunt: its engine events now.)
	 */
	feed("dhcp_lease mac=00:1b:d4:aa:bb:ff ip=198.18.0.12 model=7970 "
	    "state=ack");
	feed("tftp_start xfer=9 client=198.18.0.12:50010 "
	    "file=/XMLDefault.cnf.xml size=900");
	feed("tftp_start xfer=10 client=198.18.0.12:50011 "
	    "file=SIP70.8-5-2S.loads size=600");
	is_int(phone(w, "00:1b:d4:aa:bb:ff")->phase, SNIFF_PHASE_FETCHING_LOAD,
	    "the next request moved it on");
	feed("tftp_done xfer=9 client=198.18.0.12:50010 "
	    "file=/XMLDefault.cnf.xml bytes=900");
	feed("tftp_done xfer=10 client=198.18.0.12:50011 "
	    "file=SIP70.8-5-2S.loads bytes=600");
	p = phone(w, "00:1b:d4:aa:bb:ff");
	ok(p != NULL && p->done, "a config done after the next request: back up");
	feed("stop reason=SIGTERM");
	is_int(wizard_step(w), WIZ_DONE, "a stop after done is no failure");
	wizard_cmd_back(w);
	feed("phone mac=00:1b:d4:aa:bb:ee model=7970 via=cdp phase=link-up");
	wizard_cmd_next(w);
	is_int(wizard_step(w), WIZ_SERVING, "a new phone keeps it serving");
	feed("stop reason=SIGTERM");
	is_int(wizard_step(w), WIZ_FAILED, "engines stopping mid-way: failed");
	ok(strstr(wizard_failure(w), "SIGTERM") != NULL, "with the reason");
	wizard_cmd_back(w);
	is_int(wizard_step(w), WIZ_PICK_IFACE, "back from failed: interfaces");
	wizard_free(w);
	tracker_close(tr);
}

static void
test_script(void)
{
	char			 path[] = "/tmp/test_flow.XXXXXX", err[160];
	const struct wizard_iface *ifs;
	struct wizard_script	*sc;
	struct wizard		*w;
	uint64_t		 t = 0;
	FILE			*f;
	int			 fd, more;

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fprintf(f, "# a comment\n"
	    "iface pr0 carrier=1 addr=198.18.0.1/24\n"
	    "iface wlan0 carrier=1 wireless=1\n"
	    "at 0 cmd pick pr0\n"
	    "at 0 ready iface=pr0 address=198.18.0.1/24 dhcp=1 tftp=1 root=/r\n"
	    "at 1500 phone mac=00:11:22:33:44:55 model=7970 via=dhcp "
	    "detail=\"two words\"\n"
	    "at 1500 cmd goto keypad\n"
	    "at 2000 cmd keypad-go\n");
	fclose(f);
	sc = wizard_script_load(path, err, sizeof err);
	ok(sc != NULL, "script loads");
	if (sc == NULL) {
		diag("%s", err);
		unlink(path);
		return;
	}
	is_int(wizard_script_ifaces(sc, &ifs), 2, "two interfaces declared");
	is_int(ifs[1].wireless, 1, "with their keys");
	w = wizard_new(NULL, "/r");
	wizard_attach(w);
	wizard_set_ifaces(w, ifs, 2);
	more = wizard_script_step(sc, w, 1000, &t);
	bus_dispatch();
	ok(more && t == 1000, "first instant at the base time");
	is_int(wizard_step(w), WIZ_IMPORT_FW, "scripted pick");
	more = wizard_script_step(sc, w, 1000, &t);
	bus_dispatch();
	ok(more && t == 2500, "clock stepped to 1500 ms");
	is_int(wizard_step(w), WIZ_KEYPAD, "scripted goto");
	is_str(wizard_phone_at(w, 0)->detail, "two words", "quoted values");
	more = wizard_script_step(sc, w, 1000, &t);
	ok(!more && wizard_keypad_state(w) == WKP_ENTRY, "last instant");
	wizard_free(w);
	wizard_script_free(sc);
	f = fopen(path, "w");
	fprintf(f, "at 5 phone mac=x bogus=1\n");
	fclose(f);
	ok(wizard_script_load(path, err, sizeof err) == NULL &&
	    strstr(err, ":1: phone: bad field bogus") != NULL,
	    "bad fields named with their line");
	f = fopen(path, "w");
	fprintf(f, "at 5 cmd next\nat 4 cmd back\n");
	fclose(f);
	ok(wizard_script_load(path, err, sizeof err) == NULL &&
	    strstr(err, "backwards") != NULL, "time must not go backwards");
	unlink(path);
}

/* The wizard host's catalog op (the real one, wizard_import.c). */
static size_t
cat_op(void *arg, const char *root, struct wizard_load *v, size_t max)
{
	int	*calls = arg;

	(*calls)++;
	return (wizard_host_catalog(root, v, max));
}

static void
test_catalog(void)
{
	char			 dir[] = "/tmp/test_flow_root.XXXXXX", p[256];
	char			 err[256];
	struct wizard_load	 v[8];
	struct wizard_host	 h;
	struct wizard		*w;
	size_t			 n, i;
	int			 saw70 = 0, saw42 = 0, calls = 0;

	if (mkdtemp(dir) == NULL)
		return;
	memset(&h, 0, sizeof h);
	w = wizard_new(&h, dir);
	is_int(wizard_catalog(w, v, 8), 0, "no catalog op: nothing served");
	wizard_free(w);
	h.catalog = cat_op;
	h.arg = &calls;
	w = wizard_new(&h, dir);
	is_int(wizard_catalog(w, v, 8), 0, "an empty root serves nothing");
	if (fw_demo_write_bundle(dir, "dir", NULL, 512, err, sizeof err) != 0)
		diag("demo bundle: %s", err);
	n = wizard_catalog(w, v, 8);
	is_int(calls, 2, "the catalogue comes through the host op");
	ok(n >= 2, "the demo bundle serves models (%zu)", n);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].model, "7970") == 0)
			saw70 = v[i].devtype == 30006 &&
			    strcmp(v[i].load, "SIP70.8-5-2S") == 0 && v[i].complete;
		if (strcmp(v[i].model, "7942") == 0)
			saw42 = v[i].devtype == 434 && v[i].complete;
	}
	ok(saw70, "7970: loadInformation30006 -> SIP70.8-5-2S, complete");
	ok(saw42, "7942: loadInformation434, complete");
	wizard_free(w);
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	if (system(p) != 0)
		diag("cleanup of %s failed", dir);
}

/* --max-flashing: a queued phone is counted queued until it has its turn. */
static void
test_queued(void)
{
	struct wizard			*w = wizard_new(NULL, "/srv/tftp");
	const struct wizard_phone	*p;

	wizard_attach(w);
	wizard_cmd_pick_iface(w, "eth1", 0);
	wizard_cmd_goto(w, WIZ_SERVING);
	feed("notice code=queued level=info mac=00:1b:d4:70:00:02 "
	    "message=queued");
	p = phone(w, "00:1b:d4:70:00:02");
	ok(p != NULL && p->queued, "a queued notice makes a queued phone");
	ok(p != NULL && strstr(p->detail, "queued") != NULL,
	    "its row says queued");
	feed("notice code=dequeued level=info mac=00:1b:d4:70:00:02 "
	    "message=its-turn");
	ok(p != NULL && !p->queued && p->detail[0] == '\0',
	    "dequeued: no longer queued");
	feed("notice code=queued level=info mac=00:1b:d4:70:00:03 "
	    "message=queued");
	feed("phone mac=00:1b:d4:70:00:03 model=7970 via=dhcp phase=got-ip");
	p = phone(w, "00:1b:d4:70:00:03");
	ok(p != NULL && !p->queued, "an address ends the queued state too");
	is_int(wizard_problem_count(w), 0, "queued is no problem");
	wizard_free(w);
}

int
main(void)
{
	clock_set_fake(&now);
	test_steps();
	test_keypad();
	test_live();
	test_script();
	test_catalog();
	test_queued();
	bus_reset();
	return (done_testing());
}
