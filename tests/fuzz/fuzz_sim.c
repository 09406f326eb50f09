/*
 * Fuzz the simulated phone against a hostile server: the harness leases
 * it an address (well-formed OFFER/ACK for its transaction), then plays
 * the input as a sequence of records, each u8 kind + u16 length + bytes:
 *	kind % 4 == 0: a raw datagram from the TFTP server (port varies);
 *	kind % 4 == 1: time passes (the bytes' first u16, in ms * 16);
 *	kind % 4 == 2: a raw DHCP message;
 *	kind % 4 == 3: the bytes served as the whole file it asked for,
 *	    in 512-byte DATA blocks (so .loads and config parsing is reached).
 * The first byte picks the model.  Never a crash, an overread or a leak;
 * a finished phone stays finished.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp/dhcp_wire.h"
#include "model/model.h"
#include "sbuf.h"
#include "sim/sim_phone.h"
#include "sim/sim_report.h"
#include "tftp/tftp_wire.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t	 last_dhcp[1500];
static size_t	 last_dhcp_len;
static uint32_t	 srv;

static void
f_link(void *a, const uint8_t *f, size_t n)
{
	(void)a; (void)f; (void)n;
}

static void
f_dhcp(void *a, const uint8_t *b, size_t n)
{
	(void)a;
	if (n <= sizeof last_dhcp) {
		memcpy(last_dhcp, b, n);
		last_dhcp_len = n;
	}
}

static int
f_addr(void *a, uint32_t ip, unsigned plen)
{
	(void)a; (void)ip; (void)plen;
	return (0);
}

static int
f_open(void *a)
{
	(void)a;
	return (0);
}

static void
f_send(void *a, uint32_t ip, uint16_t port, const uint8_t *b, size_t n)
{
	(void)a; (void)ip; (void)port; (void)b; (void)n;
}

static void
f_close(void *a)
{
	(void)a;
}

static int
f_http_get(void *a, uint32_t ip, uint16_t port, const char *path)
{
	(void)a; (void)ip; (void)port;
	return (path[0] == '/' ? 0 : -1);
}

static void
f_http_cancel(void *a)
{
	(void)a;
}

static void
f_report(void *a, const struct sim_report *r)
{
	struct sbuf	 b;

	(void)a;
	if (r->what == NULL || r->nfields > SIM_REPORT_FIELDS ||
	    r->textlen > sizeof r->text)
		abort();
	sbuf_init(&b);
	sim_report_json(&b, r);
	if (b.len < 2 || b.buf[0] != '{' || b.buf[b.len - 1] != '}')
		abort();
	if (getenv("FUZZ_SIM_PRINT") != NULL)	/* to see what a seed reaches */
		printf("%s\n", sbuf_str(&b));
	sbuf_free(&b);
}

/* The server's OFFER or ACK to the phone's last DHCP message. */
static void
lease(struct sim_phone *p, uint64_t now)
{
	static struct dhcp_msg	 q;
	struct dhcp_msg		 r;
	struct wr		 w;
	uint8_t			 b[600], t;

	if (last_dhcp_len == 0 || dhcp_wire_parse(&q, last_dhcp,
	    last_dhcp_len) != 0 || dhcp_opt_u8(&q, DHCP_OPT_MSG_TYPE, &t) != 0)
		return;
	last_dhcp_len = 0;
	memset(&r, 0, sizeof r);
	r.op = BOOTREPLY;
	r.htype = 1;
	r.hlen = 6;
	r.xid = q.xid;
	r.yiaddr = htonl(0xc6120564);
	memcpy(r.chaddr, q.chaddr, 16);
	wr_init(&w, b, sizeof b);
	dhcp_wire_put_header(&w, &r);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE,
	    t == DHCP_DISCOVER ? DHCP_OFFER : DHCP_ACK);
	dhcp_wire_put_ip(&w, DHCP_OPT_SERVER_ID, srv);
	dhcp_wire_put_ip(&w, DHCP_OPT_TFTP_SERVERS, srv);
	dhcp_wire_put_end(&w, 300);
	if (!w.err)
		sim_phone_dhcp_input(p, b, wr_len(&w), now);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const models[] = { "7970", "7940", "7961", "7975" };
	struct sim_cfg	 c;
	static const struct sim_ops o = {
		.send_link = f_link, .send_dhcp = f_dhcp, .set_addr = f_addr,
		.tftp_open = f_open, .tftp_send = f_send,
		.tftp_close = f_close, .report = f_report,
		.http_get = f_http_get, .http_cancel = f_http_cancel,
	};
	struct sim_phone *p;
	uint8_t		 b[4 + 512];
	uint64_t	 now = 1000000;
	size_t		 n, off, k;
	uint16_t	 port = 40000, blk;
	uint8_t		 kind;
	int		 i;

	if (len < 1)
		return (0);
	srv = htonl(0xc6120501);
	memset(&c, 0, sizeof c);
	c.model = model_find(models[data[0] % 4]);
	c.mac[0] = 0x00; c.mac[1] = 0x1b; c.mac[2] = 0xd4; c.mac[5] = 1;
	c.dup_acks = data[0] & 0x10;
	/* The issue 20 behaviours: HTTP first, a foreign trust list, --load. */
	c.http_first = data[0] & 0x20;
	c.trust = data[0] & 0x40 ? SIM_TRUST_FOREIGN : SIM_TRUST_NONE;
	c.load = data[0] & 0x80 ? "8.3(1)" : NULL;
	last_dhcp_len = 0;
	p = sim_phone_new(&c, &o);
	sim_phone_start(p, now);
	now += SIM_LINK_MS;
	sim_phone_tick(p, now);
	lease(p, now);
	lease(p, now);
	data++;
	len--;
	while (len >= 3 && sim_phone_result(p) == SIM_RUNNING) {
		kind = data[0];
		n = (size_t)(data[1] << 8 | data[2]);
		data += 3;
		len -= 3;
		if (n > len)
			n = len;
		switch (kind % 4) {
		case 0:
			sim_phone_tftp_input(p, srv, (uint16_t)(port +
			    (kind >> 6)), data, n, now);
			break;
		case 1:
			now += n >= 2 ? (uint64_t)(data[0] << 8 | data[1]) * 16 :
			    SIM_RRQ_RESEND_MS;
			sim_phone_tick(p, now);
			lease(p, now);
			lease(p, now);
			break;
		case 2:
			sim_phone_dhcp_input(p, data, n, now);
			break;
		case 3:
			/* The GET in flight, if any, answered with these bytes. */
			sim_phone_http_input(p, kind & 0x80 ? 404 : kind & 0x40 ?
			    SIM_HTTP_REFUSED : 200, data, n, now);
			if (sim_phone_result(p) != SIM_RUNNING)
				break;
			port++;
			for (off = 0, blk = 1, i = 0; i < 200; i++, blk++) {
				k = n - off > 512 ? 512 : n - off;
				tftp_wire_data_hdr(b, blk);
				memcpy(b + 4, data + off, k);
				sim_phone_tftp_input(p, srv, port, b, 4 + k,
				    now);
				off += k;
				if (k < 512)
					break;
			}
			/* A reboot, if it led to one. */
			now += SIM_REBOOT_MS + SIM_LINK_MS;
			sim_phone_tick(p, now);
			sim_phone_tick(p, now);
			lease(p, now);
			lease(p, now);
			break;
		}
		data += n;
		len -= n;
	}
	if (sim_phone_result(p) != SIM_RUNNING && sim_phone_deadline(p) != 0)
		abort();
	sim_phone_free(p);
	return (0);
}
