/*
 * The simulated phone's state machine against an in-memory network: a
 * DHCP server built with the DHCP engine's wire code and a lockstep TFTP
 * server over a table of files, on a fake clock.  Checks what it asks for,
 * in which order and letter case, how it picks the TFTP server, its
 * retransmissions, loss, duplicate ACKs, slowness, the 7940's own path,
 * and when it calls the recovery a success.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "dhcp/dhcp_wire.h"
#include "fw/sgn.h"
#include "model/model.h"
#include "sbuf.h"
#include "sim/sim_phone.h"
#include "sim/sim_report.h"
#include "sim/sim_wire.h"
#include "tftp/tftp_wire.h"

#define MAXF	16
#define MAXLOG	64

struct file {
	char		 name[64];
	uint8_t		*data;
	size_t		 len;
	int		 err;		/* answer this TFTP error instead */
};

struct pkt {
	uint8_t		 b[1600];
	size_t		 len;
	uint32_t	 ip;
	uint16_t	 port;
};

/* The fake network and what the phone did on it. */
struct net {
	struct sim_phone *p;
	uint64_t	 now;
	struct file	 f[MAXF];
	size_t		 nf;
	/* DHCP server behaviour */
	int		 opt150, opt66, siaddr;
	uint32_t	 srv, yi, tftp150, tftp66, tftpsi;
	/* TFTP server: one transfer at a time, lockstep */
	struct file	*cur;
	uint16_t	 tid;
	uint32_t	 from;		/* where the phone sent its request */
	unsigned	 sent_block;
	/* what happened */
	struct pkt	 out[64];
	size_t		 nout;
	char		 rrq[MAXLOG][80];
	size_t		 nrrq;
	unsigned	 links, opens, closes, acks, addr_sets;
	uint32_t	 addr;
	char		 lastdhcp[600];
	size_t		 lastdhcplen;
	int		 saw_nul_vc, saw_prl, saw_bcast_flag;
	char		 reports[65536];
	/* HTTP on 6970: 0 refused, 1 serves the files (404 else), 2 silent */
	int		 http_mode;
	char		 http_path[128];
	int		 http_pending;
	char		 gets[MAXLOG][80];
	size_t		 ngets;
	uint16_t	 http_port;
};

static struct net	 N;
static const char	*Load;		/* the next phone's --load */
static enum sim_trust	 Trust;		/* ... and --trust-list */
static int		 Http;		/* ... and --http-first */
static int		 Retry;		/* ... and --retry-missing */

static void
op_link(void *arg, const uint8_t *f, size_t len)
{
	(void)arg; (void)f; (void)len;
	N.links++;
}

static void
op_dhcp(void *arg, const uint8_t *b, size_t len)
{
	(void)arg;
	memcpy(N.lastdhcp, b, len);
	N.lastdhcplen = len;
}

static int
op_addr(void *arg, uint32_t ip, unsigned plen)
{
	(void)arg; (void)plen;
	N.addr = ip;
	N.addr_sets++;
	return (0);
}

static int
op_open(void *arg)
{
	(void)arg;
	N.opens++;
	return (0);
}

static void
op_send(void *arg, uint32_t ip, uint16_t port, const uint8_t *b, size_t len)
{
	(void)arg;
	if (N.nout >= 64)
		return;
	memcpy(N.out[N.nout].b, b, len);
	N.out[N.nout].len = len;
	N.out[N.nout].ip = ip;
	N.out[N.nout].port = port;
	N.nout++;
}

static int
op_http_get(void *arg, uint32_t ip, uint16_t port, const char *path)
{
	(void)arg; (void)ip;
	N.http_port = port;
	snprintf(N.http_path, sizeof N.http_path, "%s", path);
	if (N.ngets < MAXLOG)
		snprintf(N.gets[N.ngets++], 80, "%.79s", path);
	N.http_pending = 1;
	return (0);
}

static void
op_http_cancel(void *arg)
{
	(void)arg;
	N.http_pending = 0;
}

static struct file *find(const char *);

/* The HTTP server's answer to the GET in flight. */
static void
http_answer(void)
{
	struct file	*f;

	if (!N.http_pending || N.http_mode == 2)
		return;
	N.http_pending = 0;
	if (N.http_mode == 0) {
		sim_phone_http_input(N.p, SIM_HTTP_REFUSED, NULL, 0, N.now);
		return;
	}
	if ((f = find(N.http_path + 1)) == NULL || f->err != 0)
		sim_phone_http_input(N.p, 404, NULL, 0, N.now);
	else
		sim_phone_http_input(N.p, 200, f->data, f->len, N.now);
}

static void
op_close(void *arg)
{
	(void)arg;
	N.closes++;
}

static void
op_report(void *arg, const struct sim_report *r)
{
	struct sbuf	 b;

	(void)arg;
	sbuf_init(&b);
	sim_report_json(&b, r);
	if (strlen(N.reports) + b.len + 2 < sizeof N.reports) {
		strcat(N.reports, sbuf_str(&b));
		strcat(N.reports, "\n");
	}
	sbuf_free(&b);
}

static void
add_file(const char *name, const void *data, size_t len, int err)
{
	struct file	*f = &N.f[N.nf++];

	snprintf(f->name, sizeof f->name, "%s", name);
	f->data = malloc(len + 1);
	memcpy(f->data, data, len);
	f->len = len;
	f->err = err;
}

/* A signed file like fw_demo's: header naming it, then body or filler. */
static void
add_signed(const char *name, const char *body, size_t filler)
{
	static uint8_t b[65536];
	size_t	 h, i;

	h = sgn_build(b, sizeof b, name, 7);
	if (body != NULL) {
		memcpy(b + h, body, strlen(body));
		add_file(name, b, h + strlen(body), 0);
		return;
	}
	for (i = 0; i < filler; i++)
		b[h + i] = (uint8_t)(i * 7 + name[0]);
	add_file(name, b, h + filler, 0);
}

/* Drop a file from the server (the next answer is error 1). */
static void
del_file(const char *name)
{
	size_t	 i;

	for (i = 0; i < N.nf; i++)
		if (strcmp(N.f[i].name, name) == 0) {
			free(N.f[i].data);
			N.f[i] = N.f[--N.nf];
			return;
		}
}

static void
net_reset(void)
{
	size_t	 i;

	for (i = 0; i < N.nf; i++)
		free(N.f[i].data);
	memset(&N, 0, sizeof N);
	N.now = 1000000;
	inet_pton(AF_INET, "198.18.5.1", &N.srv);
	inet_pton(AF_INET, "198.18.5.100", &N.yi);
	N.tftp150 = N.srv;
	inet_pton(AF_INET, "198.18.5.66", &N.tftp66);
	inet_pton(AF_INET, "198.18.5.77", &N.tftpsi);
	N.opt150 = N.opt66 = N.siaddr = 1;
}

static struct file *
find(const char *name)
{
	size_t	 i;

	if (name[0] == '/')
		name++;
	for (i = 0; i < N.nf; i++)
		if (strcmp(N.f[i].name, name) == 0)
			return (&N.f[i]);
	return (NULL);
}

/* The DHCP server's answer to the phone's last message. */
static void
dhcp_answer(void)
{
	static struct dhcp_msg	 q;
	struct dhcp_msg		 r;
	struct wr		 w;
	uint8_t			 b[600], t;
	const uint8_t		*vc, *prl;
	size_t			 vclen, prllen, i;
	char			 ip[16];

	if (N.lastdhcplen == 0 || dhcp_wire_parse(&q, (uint8_t *)N.lastdhcp,
	    N.lastdhcplen) != 0)
		return;
	N.lastdhcplen = 0;
	dhcp_opt_u8(&q, DHCP_OPT_MSG_TYPE, &t);
	vc = dhcp_opt_get(&q, DHCP_OPT_VENDOR_CLASS, &vclen);
	if (vc != NULL && vclen > 0 && vc[vclen - 1] == '\0')
		N.saw_nul_vc = 1;
	prl = dhcp_opt_get(&q, DHCP_OPT_PARAM_LIST, &prllen);
	for (i = 0; prl != NULL && i < prllen; i++)
		if (prl[i] == 150 && memchr(prl, 66, prllen) != NULL)
			N.saw_prl = 1;
	if (q.flags & DHCP_FLAG_BROADCAST)
		N.saw_bcast_flag = 1;
	memset(&r, 0, sizeof r);
	r.op = BOOTREPLY;
	r.htype = 1;
	r.hlen = 6;
	r.xid = q.xid;
	r.yiaddr = N.yi;
	r.siaddr = N.siaddr ? N.tftpsi : 0;
	memcpy(r.chaddr, q.chaddr, 16);
	wr_init(&w, b, sizeof b);
	dhcp_wire_put_header(&w, &r);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE,
	    t == DHCP_DISCOVER ? DHCP_OFFER : DHCP_ACK);
	dhcp_wire_put_ip(&w, DHCP_OPT_SERVER_ID, N.srv);
	dhcp_wire_put_ip(&w, DHCP_OPT_SUBNET_MASK, htonl(0xffffff00));
	dhcp_wire_put_be32(&w, DHCP_OPT_LEASE_TIME, 300);
	if (N.opt150)
		dhcp_wire_put_ip(&w, DHCP_OPT_TFTP_SERVERS, N.tftp150);
	if (N.opt66) {
		inet_ntop(AF_INET, &N.tftp66, ip, sizeof ip);
		dhcp_wire_put_opt(&w, DHCP_OPT_TFTP_NAME, ip, strlen(ip));
	}
	dhcp_wire_put_end(&w, 300);
	sim_phone_dhcp_input(N.p, b, wr_len(&w), N.now);
}

static void
tftp_data(struct file *f, unsigned block)
{
	uint8_t		 b[4 + 512];
	size_t		 off = (size_t)(block - 1) * 512, n;

	n = off >= f->len ? 0 : f->len - off > 512 ? 512 : f->len - off;
	tftp_wire_data_hdr(b, (uint16_t)block);
	memcpy(b + 4, f->data + off, n);
	N.sent_block = block;
	sim_phone_tftp_input(N.p, N.from, N.tid, b, 4 + n, N.now);
}

/* Answer everything the phone sent (which may make it send more). */
static void
pump(void)
{
	struct pkt	 k;
	uint16_t	 op, blk;
	uint8_t		 e[64];
	size_t		 n;
	struct file	*f;

	while (N.nout > 0) {
		k = N.out[0];
		memmove(N.out, N.out + 1, --N.nout * sizeof N.out[0]);
		if (tftp_wire_parse_hdr(k.b, k.len, &op, &blk) != 0)
			continue;
		if (op == TFTP_OP_RRQ) {
			if (N.nrrq < MAXLOG)
				snprintf(N.rrq[N.nrrq++], 80, "%.79s",
				    (char *)k.b + 2);
			N.tid++;
			N.from = k.ip;
			f = find((char *)k.b + 2);
			if (f == NULL || f->err != 0) {
				n = tftp_wire_build_error(e, sizeof e,
				    f == NULL ? 1 : (uint16_t)f->err, "nope");
				sim_phone_tftp_input(N.p, N.from, N.tid, e, n,
				    N.now);
				continue;
			}
			N.cur = f;
			tftp_data(f, 1);
		} else if (op == TFTP_OP_ACK && N.cur != NULL) {
			N.acks++;
			/* Lockstep: the next block after this ACK, if any. */
			if ((size_t)blk * 512 <= N.cur->len && blk == N.sent_block)
				tftp_data(N.cur, blk + 1u);
			else if (blk + 1u == N.sent_block)
				tftp_data(N.cur, N.sent_block);
		}
	}
}

/* Run the phone until it finishes, stepping the fake clock. */
static enum sim_result
run(unsigned max_steps)
{
	uint64_t	 d;
	unsigned	 i;

	for (i = 0; i < max_steps && sim_phone_result(N.p) == SIM_RUNNING; i++) {
		dhcp_answer();
		pump();
		while (N.http_pending && N.http_mode != 2) {
			http_answer();
			pump();
		}
		if (sim_phone_result(N.p) != SIM_RUNNING)
			break;
		if ((d = sim_phone_deadline(N.p)) == 0)
			break;
		if (d > N.now)
			N.now = d;
		sim_phone_tick(N.p, N.now);
	}
	return (sim_phone_result(N.p));
}

static struct sim_phone *
phone(const char *model, unsigned slow, unsigned loss, int dup)
{
	struct sim_cfg	 c;
	static const struct sim_ops o = {
		.send_link = op_link, .send_dhcp = op_dhcp,
		.set_addr = op_addr, .tftp_open = op_open,
		.tftp_send = op_send, .tftp_close = op_close,
		.report = op_report, .http_get = op_http_get,
		.http_cancel = op_http_cancel,
	};

	memset(&c, 0, sizeof c);
	c.model = model_find(model);
	c.mac[0] = 0x00; c.mac[1] = 0x1b; c.mac[2] = 0xd4;
	c.mac[3] = 0x01; c.mac[4] = 0x02; c.mac[5] = 0x03;
	c.slow_ms = slow;
	c.loss_pct = loss;
	c.dup_acks = dup;
	c.load = Load;
	c.trust = Trust;
	c.http_first = Http;
	c.retry_missing = Retry;
	N.p = sim_phone_new(&c, &o);
	sim_phone_start(N.p, N.now);
	return (N.p);
}

static const char *const comps70[] = {
	"Jar70sip.8-5-2-13.sbn", "cnu70.8-5-2-13.sbn", "apps70.8-5-2-13.sbn",
	"dsp70.8-5-2-13.sbn", "cvm70sip.8-5-2-13.sbn",
};

static void
bundle70(size_t size)
{
	char	 body[1024];
	size_t	 i;

	snprintf(body, sizeof body, "#\r\n# RELEASE load version 8-5-2-13\r\n"
	    "#\r\n#HARDWARE_COMP_1 1\r\n\r\n%s\r\n%s\r\n%s\r\n%s \r\n%s \r\n",
	    comps70[0], comps70[1], comps70[2], comps70[3], comps70[4]);
	add_signed("term70.default.loads", body, 0);
	add_signed("SIP70.8-5-2S.loads", body, 0);
	for (i = 0; i < 5; i++)
		add_signed(comps70[i], NULL, size + i * 100);
}

static const char xmldefault[] =
    "<Default>\n<loadInformation434 model=\"Cisco 7942\">SIP42.9-4-2SR3-1S"
    "</loadInformation434>\n<loadInformation30006 model=\"Cisco 7970\">"
    "SIP70.8-5-2S</loadInformation30006>\n</Default>\n";

static const char xmldefault_fwd[] =
    "<Default><loadInformation30006>SIP70.8-5-2S</loadInformation30006>"
    "</Default>";

static const char *const comps94[] = {
	"jar70sip.9-4-2ES26.sbn", "cnu70.9-4-2ES26.sbn", "apps70.9-4-2ES26.sbn",
	"dsp70.9-4-2ES26.sbn", "cvm70sip.9-4-2ES26.sbn",
};

/* 9.4(2)SR3 for the 7970: its named .loads, or as term70 too. */
static void
bundle94(int as_term)
{
	char	 body[1024];
	size_t	 i;

	snprintf(body, sizeof body, "#\r\n# RELEASE load version 9-4-2ES26\r\n"
	    "#\r\n\r\n%s\r\n%s\r\n%s\r\n%s \r\n%s \r\n", comps94[0],
	    comps94[1], comps94[2], comps94[3], comps94[4]);
	if (as_term)
		add_signed("term70.default.loads", body, 0);
	add_signed("SIP70.9-4-2SR3-1S.loads", body, 0);
	for (i = 0; i < 5; i++)
		add_signed(comps94[i], NULL, 700 + i * 10);
}

static const char xml94[] =
    "<Default>\n<loadInformation30006 model=\"Cisco 7970\">"
    "SIP70.9-4-2SR3-1S</loadInformation30006>\n</Default>\n";

static int
count_rrq(const char *name)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < N.nrrq; i++)
		if (strcmp(N.rrq[i], name) == 0)
			n++;
	return (n);
}

static int
any_rrq_prefix(const char *pre)
{
	size_t	 i;

	for (i = 0; i < N.nrrq; i++)
		if (strncmp(N.rrq[i], pre, strlen(pre)) == 0)
			return (1);
	return (0);
}

/* Loads and Auth Fail: what a 7970 on an old load does (domain notes 3.3). */
static void
test_loads(void)
{
	struct sim_stats	 st;
	char			 n[64];

	ok(sim_phone_load_name(model_find("7970"), "8.3(1)", n, sizeof n) ==
	    0 && strcmp(n, "SCCP70.8-3-1S") == 0, "8.3(1) on a 7970 is "
	    "SCCP70.8-3-1S (%s)", n);
	ok(sim_phone_load_name(model_find("7942"), "SIP42.9-4-2SR3-1S", n,
	    sizeof n) == 0 && strcmp(n, "SIP42.9-4-2SR3-1S") == 0,
	    "a load name is kept as given");
	ok(sim_phone_load_name(model_find("7970"), "nope", n, sizeof n) != 0,
	    "no version, no load");

	/* 8.3(1) offered 9.4(2) as its default load: Auth Fail, again. */
	net_reset();
	bundle94(1);
	add_file("XMLDefault.cnf.xml", xml94, strlen(xml94), 0);
	Load = "8.3(1)";
	phone("7970", 0, 0, 0);
	ok(strstr(N.reports, "\"load\":\"SCCP70.8-3-1S\",\"auth_rule\":true")
	    != NULL, "start: the running load and the rule");
	is_int(run(400), SIM_RUNNING, "8.3(1) offered 9.4(2): never done");
	sim_phone_stats(N.p, &st);
	ok(st.auth_fails >= 3 && count_rrq("term70.default.loads") ==
	    (int)N.nrrq && st.auth_fails + 1 >= N.nrrq, "Auth Fail each "
	    "time it fetched term70 (%u)", st.auth_fails);
	ok(!any_rrq_prefix("jar70") && !any_rrq_prefix("CTLSEP"),
	    "nothing flashed, no config asked: the term file again");
	ok(strstr(N.reports, "\"sim\":\"auth_fail\",") != NULL &&
	    strstr(N.reports, "\"message\":\"Auth Fail\"") != NULL &&
	    strstr(N.reports, "\"why\":\"Auth Fail\"") != NULL,
	    "reported as Auth Fail, then a reboot");
	ok(st.discovers >= st.auth_fails, "DHCP again after each reboot");
	ok(st.boots > 8, "the loop is not cut at %d boots (%u)", 8, st.boots);
	ok(strstr(N.reports, "\"sim\":\"result\"") == NULL,
	    "no result while it loops");
	ok(strstr(N.reports, "\"sim\":\"link\",\"ms\"") != NULL &&
	    strstr(N.reports, "\"cdp\":\"SCCP70.8-3-1S\"") != NULL,
	    "CDP reports the load it still runs");
	/* The server now offers the bridge: the loop ends there. */
	del_file("term70.default.loads");
	bundle70(300);
	N.reports[0] = '\0';
	N.nrrq = 0;
	is_int(run(2000), SIM_OK, "given 8.5(2) it takes it, then 9.4(2)SR3");
	ok(strstr(N.reports, "\"load_start\":\"SCCP70.8-3-1S\","
	    "\"load\":\"SIP70.9-4-2SR3-1S\",\"target\":"
	    "\"SIP70.9-4-2SR3-1S\"") != NULL, "result: from 8.3(1) to 9.4(2)SR3");
	ok(strstr(N.reports, "\"steps\":[\"SCCP70.8-3-1S\",\"SIP70.8-5-2S\","
	    "\"SIP70.9-4-2SR3-1S\"]") != NULL, "the steps: 8.3(1), 8.5(2), "
	    "9.4(2)SR3");
	ok(strstr(N.reports, "\"cdp\":\"SIP70.8-5-2S\"") != NULL &&
	    strstr(N.reports, "\"cdp\":\"SIP70.9-4-2SR3-1S\"") != NULL,
	    "after each reboot CDP reports the new load");
	is_int(count_rrq("SIP70.9-4-2SR3-1S.loads"), 1,
	    "running the new load it does not ask for its .loads again");
	sim_phone_free(N.p);

	/* The bridge first: 8.3(1) -> 8.5(2) -> 9.4(2)SR3, no Auth Fail. */
	net_reset();
	bundle70(300);
	bundle94(0);
	add_file("XMLDefault.cnf.xml", xml94, strlen(xml94), 0);
	phone("7970", 0, 0, 0);
	is_int(run(2000), SIM_OK, "8.3(1) via 8.5(2) ends on 9.4(2)SR3");
	sim_phone_stats(N.p, &st);
	is_int(st.auth_fails, 0, "no Auth Fail");
	sim_phone_free(N.p);

	/* 8.3(1) configured straight to 9.4(2)SR3 from 8.3(1): its .loads fails. */
	net_reset();
	bundle94(0);
	add_file("XMLDefault.cnf.xml", xml94, strlen(xml94), 0);
	add_signed("term70.default.loads", "SCCP70.8-3-1S.sbn\r\n", 0);
	add_signed("SCCP70.8-3-1S.sbn", NULL, 100);
	phone("7970", 0, 0, 0);
	run(300);
	ok(count_rrq("SIP70.9-4-2SR3-1S.loads") >= 2 &&
	    !any_rrq_prefix("jar70sip.9"), "a configured 9.4(2)SR3 .loads "
	    "refused each time");
	ok(count_rrq("CTLSEP001BD4010203.tlv") >=
	    count_rrq("SIP70.9-4-2SR3-1S.loads") && count_rrq("term70.default."
	    "loads") == 1, "after each Auth Fail the config hunt again, not "
	    "the term file");
	sim_phone_free(N.p);

	/* Given up by the host: the reason names the loop. */
	net_reset();
	bundle94(1);
	phone("7970", 0, 0, 0);
	run(30);
	sim_phone_abort(N.p, "timed out after 60 s", N.now);
	ok(strstr(N.reports, "\"reason\":\"timed out after 60 s: Auth Fail ")
	    != NULL && strstr(N.reports, "SCCP70.8-3-1S cannot authenticate "
	    "term70.default.loads (9.4(2)") != NULL && strstr(N.reports,
	    "\"load\":\"SCCP70.8-3-1S\"") != NULL, "timed out: the result "
	    "says Auth Fail, and it still runs 8.3(1)");
	sim_phone_free(N.p);

	/* 8.5(2)SR1 knows only the new key; 8.3(3) takes 9.4(2). */
	net_reset();
	add_signed("SIP70.8-5-2SR1S.loads", "jar70sip.8-5-2SR1.sbn\r\n", 0);
	add_signed("jar70sip.8-5-2SR1.sbn", NULL, 100);
	add_file("XMLDefault.cnf.xml", "<loadInformation30006>SIP70.8-5-2SR1S"
	    "</loadInformation30006>", 61, 0);
	add_signed("term70.default.loads", "SCCP70.8-3-1S.sbn\r\n", 0);
	add_signed("SCCP70.8-3-1S.sbn", NULL, 100);
	phone("7970", 0, 0, 0);
	run(300);
	ok(strstr(N.reports, "\"load_version\":\"8.5(2)SR1\"") != NULL,
	    "8.5(2)SR1 is refused from 8.3(1)");
	sim_phone_free(N.p);
	net_reset();
	bundle94(1);
	Load = "SCCP70.8-3-3S";
	phone("7970", 0, 0, 0);
	is_int(run(2000), SIM_OK, "8.3(3) takes 9.4(2) at once");
	Load = NULL;
	sim_phone_free(N.p);
	net_reset();
	bundle94(1);
	phone("7970", 0, 0, 0);
	is_int(run(2000), SIM_OK, "without --load: any load, as before");
	sim_phone_free(N.p);
}

/* A foreign trust list: .sgn, CTL/ITL retries, every config rejected. */
static void
test_trust(void)
{
	struct sim_stats	 st;
	static const char	 sep[] = "<device><loadInformation>SIP70.8-5-2S"
	    "</loadInformation></device>";

	net_reset();
	bundle70(300);
	add_file("XMLDefault.cnf.xml", xmldefault_fwd, strlen(xmldefault_fwd),
	    0);
	add_file("SEP001BD4010203.cnf.xml", sep, strlen(sep), 0);
	add_signed("SEP001BD4010203.cnf.xml.sgn", sep, 0);
	Trust = SIM_TRUST_FOREIGN;
	phone("7970", 0, 0, 0);
	is_int(run(300), SIM_RUNNING, "foreign trust list: never done");
	sim_phone_stats(N.p, &st);
	ok(N.nrrq > 4 && strcmp(N.rrq[0], "CTLSEP001BD4010203.tlv") == 0 &&
	    strcmp(N.rrq[1], "ITLSEP001BD4010203.tlv") == 0 &&
	    strcmp(N.rrq[2], "ITLFile.tlv") == 0 &&
	    strcmp(N.rrq[3], "SEP001BD4010203.cnf.xml.sgn") == 0,
	    "not factory reset: CTL, ITL, ITLFile, then the signed config");
	is_int(count_rrq("CTLSEP001BD4010203.tlv"), SIM_TRUST_TLV_TRIES,
	    "CTL asked four times");
	ok(count_rrq("SEP001BD4010203.cnf.xml.sgn") > SIM_TRUST_TLV_TRIES,
	    "the signed config fetched again and again (%d)",
	    count_rrq("SEP001BD4010203.cnf.xml.sgn"));
	is_int(count_rrq("/XMLDefault.cnf.xml") + count_rrq("term70.default."
	    "loads") + count_rrq("SIP70.8-5-2S.loads"), 0,
	    "no XMLDefault, no load");
	ok(st.config_rejects == st.trust_rounds && st.trust_rounds > 4 &&
	    strstr(N.reports, "a certificate its trust list (another "
	    "cluster's) lacks") != NULL, "each signed config rejected (%u)",
	    st.config_rejects);
	N.reports[0] = '\0';
	sim_phone_abort(N.p, "timed out", N.now);
	ok(strstr(N.reports, "\"trust_list\":\"foreign\",\"trust_rounds\"")
	    != NULL && strstr(N.reports, "\"ok\":false") != NULL &&
	    strstr(N.reports, "timed out: never configured, its foreign "
	    "trust list rejected") != NULL,
	    "the result: not configured, the trust list said");
	sim_phone_free(N.p);
	/* Without the .sgn: the unsigned one, rejected too. */
	net_reset();
	add_file("SEP001BD4010203.cnf.xml", sep, strlen(sep), 0);
	phone("7970", 0, 0, 0);
	run(40);
	ok(count_rrq("SEP001BD4010203.cnf.xml") > 1 &&
	    strstr(N.reports, "\"why\":\"unsigned: its trust list") != NULL,
	    "no .sgn: the unsigned config, rejected as unsigned");
	Trust = SIM_TRUST_NONE;
	sim_phone_free(N.p);
}

/*
 * --retry-missing: its term file missing, it asks again every 2 s (a
 * real phone keeps trying); once the server has it, it goes on.
 */
static void
test_retry_missing(void)
{
	struct sim_stats	 st;

	net_reset();
	Retry = 1;
	phone("7970", 0, 0, 0);
	is_int(run(40), SIM_RUNNING, "term file missing: still trying");
	sim_phone_stats(N.p, &st);
	ok(count_rrq("term70.default.loads") >= 3 && st.missing_rounds >= 3,
	    "asked again and again (%d)", count_rrq("term70.default.loads"));
	ok(strstr(N.reports, "\"sim\":\"missing_retry\"") != NULL &&
	    strstr(N.reports, "\"after_ms\":2000") != NULL,
	    "each round told, 2 s apart");
	bundle70(100);
	is_int(run(400), SIM_OK, "the server gained it: the phone goes on");
	ok(strstr(N.reports, "\"missing_rounds\":") != NULL,
	    "the result counts the rounds");
	sim_phone_free(N.p);
	Retry = 0;
}

/* --http-first: GET on 6970 first, TFTP on refusal, 404 or silence. */
static void
test_http(void)
{
	struct sim_stats	 st;
	static const char *const comp_http[] = {
		"/Jar70sip.8-5-2-13.sbn", "/cnu70.8-5-2-13.sbn",
	};

	net_reset();
	bundle70(3000);
	add_file("XMLDefault.cnf.xml", xmldefault, strlen(xmldefault), 0);
	N.http_mode = 1;
	Http = 1;
	phone("7970", 0, 0, 0);
	is_int(run(1000), SIM_OK, "HTTP first: recovered");
	sim_phone_stats(N.p, &st);
	ok(N.ngets > 2 && strcmp(N.gets[0], "/term70.default.loads") == 0 &&
	    strcmp(N.gets[1], comp_http[0]) == 0 &&
	    strcmp(N.gets[2], comp_http[1]) == 0 && N.http_port == 6970,
	    "GET /term70.default.loads, then the components, on 6970");
	is_int(st.http_ok, 8, "the 8 files there came over HTTP");
	is_int(st.http_fallbacks, 3, "CTL, ITL, SEP: 404, then TFTP");
	ok(count_rrq("CTLSEP001BD4010203.tlv") == 1 &&
	    count_rrq("term70.default.loads") == 0,
	    "TFTP only for the files HTTP lacked");
	ok(strstr(N.reports, "\"file\":\"term70.default.loads\","
	    "\"result\":\"ok\",\"proto\":\"http\"") != NULL &&
	    strstr(N.reports, "\"file\":\"CTLSEP001BD4010203.tlv\","
	    "\"result\":\"not_found\",\"proto\":\"tftp\"") != NULL,
	    "each file says which protocol served it");
	ok(strstr(N.reports, "\"status\":404") != NULL, "the 404 reported");
	sim_phone_free(N.p);
	/* Refused: at once to TFTP. */
	net_reset();
	bundle70(300);
	N.http_mode = 0;
	phone("7970", 0, 0, 0);
	is_int(run(1000), SIM_OK, "6970 refused: recovered over TFTP");
	sim_phone_stats(N.p, &st);
	ok(st.http_ok == 0 && st.http_fallbacks == st.http_gets &&
	    strstr(N.reports, "connection refused") != NULL &&
	    count_rrq("term70.default.loads") == 1, "each file: refused, TFTP");
	sim_phone_free(N.p);
	/* Dropped by a firewall: a timeout per file, then TFTP. */
	net_reset();
	bundle70(300);
	N.http_mode = 2;
	phone("7970", 0, 0, 0);
	N.now += SIM_LINK_MS;
	sim_phone_tick(N.p, N.now);
	dhcp_answer();
	dhcp_answer();
	ok(N.http_pending && N.nrrq == 0 && sim_phone_deadline(N.p) == N.now +
	    SIM_HTTP_TIMEOUT_MS, "silent 6970: TFTP after the HTTP timeout");
	is_int(run(1000), SIM_OK, "dropped 6970: recovered over TFTP");
	ok(strstr(N.reports, "no answer on HTTP") != NULL, "the timeout said");
	Http = 0;
	sim_phone_free(N.p);
}


static int
seq_is(const char *const *want, size_t n)
{
	size_t	 i;

	if (N.nrrq != n) {
		diag("  %zu requests, want %zu", N.nrrq, n);
		for (i = 0; i < N.nrrq; i++)
			diag("  %s", N.rrq[i]);
		return (0);
	}
	for (i = 0; i < n; i++)
		if (strcmp(N.rrq[i], want[i]) != 0) {
			diag("  request %zu: %s, want %s", i, N.rrq[i], want[i]);
			return (0);
		}
	return (1);
}

int
main(void)
{
	struct sim_stats	 st;
	uint32_t		 a;
	static const char *const seq70[] = {
		"term70.default.loads", "Jar70sip.8-5-2-13.sbn",
		"cnu70.8-5-2-13.sbn", "apps70.8-5-2-13.sbn",
		"dsp70.8-5-2-13.sbn", "cvm70sip.8-5-2-13.sbn",
		"CTLSEP001BD4010203.tlv", "ITLSEP001BD4010203.tlv",
		"SEP001BD4010203.cnf.xml", "/XMLDefault.cnf.xml",
		"SIP70.8-5-2S.loads",
	};
	static const char *const seq40[] = {
		"OS79XX.TXT", "CTLSEP001BD4010203.tlv",
		"SEP001BD4010203.cnf.xml", "SIP001BD4010203.cnf",
		"XMLDefault.cnf.xml", "SEPDefault.cnf", "P0S3-8-12-00.loads",
		"P003-8-12-00.sbn",
		"OS79XX.TXT", "CTLSEP001BD4010203.tlv",
		"SEP001BD4010203.cnf.xml", "SIP001BD4010203.cnf",
		"XMLDefault.cnf.xml", "SEPDefault.cnf", "P0S3-8-12-00.loads",
		"P0S3-8-12-00.sb2",
		"OS79XX.TXT", "CTLSEP001BD4010203.tlv",
		"SEP001BD4010203.cnf.xml", "SIP001BD4010203.cnf",
		"XMLDefault.cnf.xml", "SEPDefault.cnf", "P0S3-8-12-00.loads",
		"SIPDefault.cnf", "SIP001BD4010203.cnf",
	};

	plan(95);
	test_loads();
	test_trust();
	test_http();
	test_retry_missing();

	/* 1. The 7970 recovery path, whole. */
	net_reset();
	bundle70(3000);
	add_file("XMLDefault.cnf.xml", xmldefault, strlen(xmldefault), 0);
	phone("7970", 0, 0, 0);
	is_int(N.links, 1, "7970: CDP at link-up, no LLDP");
	ok(sim_phone_deadline(N.p) == N.now + SIM_LINK_MS,
	    "DHCP waits for the VLAN step");
	is_int(run(1000), SIM_OK, "7970: recovered");
	ok(seq_is(seq70, sizeof seq70 / sizeof seq70[0]),
	    "7970: term file, components in file order and case, reboot, "
	    "CTL/ITL/SEP, /XMLDefault, the configured load");
	ok(N.saw_nul_vc, "vendor class with its trailing NUL");
	ok(N.saw_prl, "request list with 150 and 66");
	ok(!N.saw_bcast_flag, "no broadcast flag");
	is_int(N.links, 2, "CDP again after the reboot");
	ok(N.addr == N.yi, "the leased address is on the interface");
	sim_phone_stats(N.p, &st);
	is_int(st.files_ok, 8, "8 files arrived");
	is_int(st.files_missing, 3, "CTL, ITL, SEP missing (error 1)");
	is_int(st.discovers, 2, "DHCP twice (before and after the reboot)");
	ok(strstr(N.reports, "\"sim\":\"result\"") != NULL &&
	    strstr(N.reports, "\"ok\":true") != NULL, "result reported ok");
	ok(strstr(N.reports, "\"tftp_via\":\"option150\"") != NULL,
	    "option 150 wins over 66 and siaddr");
	ok(strstr(N.reports, "\"md5\":") != NULL, "files reported with MD5");
	sim_phone_free(N.p);

	/* 2. Option 66, then siaddr. */
	net_reset();
	bundle70(100);
	N.opt150 = 0;
	phone("7961", 0, 0, 0);
	run(20);
	ok(N.nrrq > 0 && strcmp(N.rrq[0], "term61.default.loads") == 0,
	    "7961 asks for term61.default.loads");
	inet_pton(AF_INET, "198.18.5.66", &a);
	ok(strstr(N.reports, "\"tftp_via\":\"option66\"") != NULL &&
	    N.from == a, "without 150, option 66 names the server");
	is_int(sim_phone_result(N.p), SIM_FAILED,
	    "nothing serves a 7961 here: failed");
	ok(strstr(N.reports, "\"wanted\":\"term61.default.loads\"") != NULL,
	    "the result says which file it wanted");
	sim_phone_free(N.p);
	net_reset();
	N.opt150 = N.opt66 = 0;
	phone("7941", 0, 0, 0);
	run(4);
	ok(strstr(N.reports, "\"tftp_via\":\"siaddr\"") != NULL,
	    "without 150 and 66: siaddr");
	sim_phone_free(N.p);

	/* 3. An unanswered RRQ: every 4 s, 5 times a port, then a new port. */
	net_reset();
	phone("7970", 0, 0, 0);
	N.now += SIM_LINK_MS;
	sim_phone_tick(N.p, N.now);
	dhcp_answer();
	dhcp_answer();
	is_int(N.nout, 1, "first RRQ sent");
	N.nout = 0;
	ok(sim_phone_deadline(N.p) == N.now + SIM_RRQ_RESEND_MS,
	    "resend due in 4 s");
	N.now += SIM_RRQ_RESEND_MS;
	sim_phone_tick(N.p, N.now);
	is_int(N.nout, 1, "RRQ resent");
	is_int(N.opens, 1, "from the same port");
	for (int i = 0; i < 4; i++) {
		N.now += SIM_RRQ_RESEND_MS;
		sim_phone_tick(N.p, N.now);
	}
	is_int(N.opens, 2, "after 5 tries, a new port");
	sim_phone_free(N.p);

	/* 4. Loss, duplicate ACKs, slowness: still intact. */
	net_reset();
	bundle70(20000);
	add_file("XMLDefault.cnf.xml", xmldefault, strlen(xmldefault), 0);
	phone("7970", 0, 30, 1);
	is_int(run(100000), SIM_OK, "30%% DATA loss and duplicate ACKs: recovered");
	sim_phone_stats(N.p, &st);
	ok(st.data_dropped > 10, "DATA dropped (%u)", st.data_dropped);
	ok(st.acks_tx % 2 == 0 && st.acks_tx >= 2 * (st.data_rx -
	    st.data_dropped - st.dup_data), "every ACK sent twice");
	sim_phone_free(N.p);
	net_reset();
	bundle70(600);
	phone("7970", 250, 0, 0);
	N.now += SIM_LINK_MS;
	sim_phone_tick(N.p, N.now);
	dhcp_answer();
	dhcp_answer();
	pump();
	is_int(N.nout, 0, "slow: no ACK at once");
	ok(sim_phone_deadline(N.p) == N.now + 250, "ACK due after the delay");
	is_int(run(1000), SIM_OK, "slow phone: recovered (unprovisioned)");
	ok(strstr(N.reports, "unprovisioned") != NULL,
	    "without a config it runs the default load, unprovisioned");
	sim_phone_free(N.p);

	/* 5. A TFTP error other than 1 on a component: the phone gives up. */
	net_reset();
	bundle70(100);
	N.f[3].err = 2;
	phone("7970", 0, 0, 0);
	is_int(run(1000), SIM_FAILED, "error 2 on a component: failed");
	ok(strstr(N.reports, "\"result\":\"error\"") != NULL,
	    "the file is reported as an error");
	sim_phone_free(N.p);

	/* 6. The 7940: OS79XX.TXT, the hunt, .sbn, .sb2, SIP configs. */
	net_reset();
	add_file("OS79XX.TXT", "P0S3-8-12-00\r\n", 14, 0);
	add_signed("P0S3-8-12-00.loads", "P003-8-12-00.sbn\nP0S3-8-12-00.sb2\n"
	    "LA_VERSION=PAS3ARM1\n", 0);
	add_signed("P003-8-12-00.sbn", NULL, 2000);
	add_signed("P0S3-8-12-00.sb2", NULL, 3000);
	phone("7940", 0, 0, 0);
	is_int(run(2000), SIM_OK, "7940: recovered");
	ok(seq_is(seq40, sizeof seq40 / sizeof seq40[0]),
	    "7940: hunt, loads, .sbn, reboot, hunt, loads, .sb2, reboot, "
	    "SIP configs");
	sim_phone_free(N.p);

	/* 6b. An image older than 6.x: no model in its vendor class until
	 * the universal loader (the first image) is flashed. */
	net_reset();
	add_file("OS79XX.TXT", "P0S3-8-12-00\r\n", 14, 0);
	add_signed("P0S3-8-12-00.loads", "P003-8-12-00.sbn\nP0S3-8-12-00.sb2\n"
	    "LA_VERSION=PAS3ARM1\n", 0);
	add_signed("P003-8-12-00.sbn", NULL, 2000);
	add_signed("P0S3-8-12-00.sb2", NULL, 3000);
	Load = "P00303020214";
	phone("7940", 0, 0, 0);
	N.now += SIM_LINK_MS;
	sim_phone_tick(N.p, N.now);
	ok(N.lastdhcplen > 0 && memmem(N.lastdhcp, N.lastdhcplen,
	    "IP Phone\0", 9) != NULL && strstr(N.reports,
	    "\"loader_stage\":\"old\"") != NULL,
	    "3.2 image: \"Cisco Systems, Inc. IP Phone\" and its NUL");
	is_int(run(2000), SIM_OK, "old 7940: recovered");
	ok(strstr(N.reports, "\"boot\":1,\"load\":\"P00303020214\","
	    "\"loader_stage\":\"loader\"") != NULL,
	    "after the loader image: the model in its vendor class");
	Load = NULL;
	sim_phone_free(N.p);

	/* 7. CSCee31047: an error other than 1 ends the hunt. */
	net_reset();
	add_file("OS79XX.TXT", "P0S3-8-12-00\r\n", 14, 0);
	add_file("CTLSEP001BD4010203.tlv", "x", 1, 2);
	phone("7940", 0, 0, 0);
	run(50);
	ok(N.nrrq >= 3 && strcmp(N.rrq[2], "P0S3-8-12-00.loads") == 0,
	    "7940: access violation on CTL ends the config hunt");
	ok(strstr(N.reports, "\"sim\":\"hunt_stopped\"") != NULL,
	    "and says so");
	is_int(sim_phone_result(N.p), SIM_FAILED,
	    "and without the load it fails");
	sim_phone_free(N.p);

	/* 8. Which models it can be. */
	ok(sim_model_find("7971") != NULL &&
	    strcmp(sim_model_find("7971")->name, "7971-GE") == 0,
	    "7971 is the 7971-GE");
	ok(sim_model_find("7940") != NULL && sim_model_find("7961") != NULL &&
	    sim_model_find("7941") != NULL, "7940, 7961, 7941");
	ok(sim_model_find("7905") == NULL && sim_model_find("6921") == NULL &&
	    sim_model_find("nope") == NULL, "not the 7905, 69xx, or nonsense");

	net_reset();
	return (done_testing());
}
