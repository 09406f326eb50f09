/*
 * Fuzz TFTP request parsing, name resolution and the session machine.
 *
 * Input: | len (2, big-endian) | request (len bytes) | then records
 * | kind (1) | n (1) | n bytes |: kind % 4 = 0 a packet from the peer,
 * 1 a timer tick after n * 37 ms, 2 a packet from a stranger, 3 an ACK for
 * the block the session last sent minus n.  The file size comes from the
 * request's tsize option (capped), so the corpus can steer it.  Invariants
 * are checked with abort(): the session never names a block past the end,
 * never acknowledges more than it sent, and its OACK always fits.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "tftp/tftp_files.h"
#include "tftp/tftp_session.h"
#include "tftp/tftp_wire.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct tftp_session *s, const struct tftp_out *o)
{
	uint8_t	 oack[512];

	if (o->count > 0 && (o->first == 0 || o->first + o->count - 1 >
	    s->nblocks || o->count > s->window))
		abort();
	if (s->acked > s->sent || s->sent > s->nblocks)
		abort();
	if (o->count > 0 &&
	    tftp_session_block_len(s, o->first + o->count - 1) > s->blksize)
		abort();
	if (o->send_oack && tftp_wire_build_oack(oack, sizeof oack,
	    &s->req) == 0)
		abort();
	if (o->finished && o->deadline != 0)
		abort();
	if (!o->finished && s->state != TS_DONE && s->state != TS_FAILED &&
	    o->deadline == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct tftp_files *mem;
	struct tftp_req		 req;
	struct tftp_params	 p;
	struct tftp_session	 s;
	struct tftp_out		 o;
	struct tftp_file	*fh;
	const char		*why;
	char			 norm[TFTP_FILES_PATH_MAX], served[256];
	uint8_t			 pkt[260];
	uint64_t		 now = 1000;
	size_t			 rlen, off, n;
	int			 rc, code;

	if (mem == NULL) {
		log_set_level(LOG_LVL_ERROR);
		mem = tftp_files_mem_new();
		tftp_files_mem_add(mem, "SEP001122334455.cnf.xml", "x", 1);
		tftp_files_mem_add(mem, "sub/Jar70sip.sbn", "jar", 3);
	}
	if (len < 2)
		return (0);
	rlen = (size_t)(data[0] << 8 | data[1]);
	if (rlen > len - 2)
		rlen = len - 2;
	rc = tftp_wire_parse_req(data + 2, rlen, &req, &why);
	if (rc == TFTP_PARSE_OK && (req.dropped & req.opts) != 0)
		abort();
	if (rc == TFTP_PARSE_OK && req.dropped != 0 && why == NULL)
		abort();
	if (rc != TFTP_PARSE_OK)
		return (0);
	if (req.filelen != strlen(req.file))
		abort();
	if (tftp_files_normalise(req.file, norm, sizeof norm) == 0) {
		if (norm[0] == '/' || strstr(norm, "\\") != NULL ||
		    strcmp(norm, "..") == 0 || strncmp(norm, "../", 3) == 0 ||
		    strstr(norm, "/../") != NULL)
			abort();
	}
	code = mem->open(mem, req.file, &fh, served, sizeof served, &why);
	if (code == 0)
		mem->close(mem, fh);

	memset(&p, 0, sizeof p);
	p.req = req;
	p.size = req.tsize % (1u << 22);
	p.blksize_max = 1468;
	p.window_max = 64;
	p.idle_ms = 30000;
	tftp_session_init(&s, &p, now);
	tftp_session_start(&s, now, &o);
	check(&s, &o);
	for (off = 2 + rlen; off + 2 <= len; off += 2 + n) {
		uint8_t	 kind = data[off];

		n = data[off + 1];
		if (n > len - off - 2)
			n = len - off - 2;
		switch (kind % 4) {
		case 0:
			memcpy(pkt, data + off + 2, n);
			tftp_session_input(&s, pkt, n, now, &o);
			break;
		case 1:
			now += (uint64_t)n * 37;
			tftp_session_tick(&s, now, &o);
			break;
		case 2:
			tftp_session_foreign(&s, &o);
			if (!o.send_error || o.err_code != TFTP_ERR_TID)
				abort();
			break;
		case 3:
			pkt[0] = 0;
			pkt[1] = TFTP_OP_ACK;
			pkt[2] = (uint8_t)((s.sent - n) >> 8);
			pkt[3] = (uint8_t)(s.sent - n);
			tftp_session_input(&s, pkt, 4, now, &o);
			break;
		}
		check(&s, &o);
		now++;
	}
	/* Drive it to an end: ticks alone must finish within the idle limit. */
	for (n = 0; n < 100000 && s.state != TS_DONE && s.state != TS_FAILED;
	    n++) {
		now = s.deadline > now ? s.deadline : now + 1;
		tftp_session_tick(&s, now, &o);
		check(&s, &o);
	}
	if (s.state != TS_DONE && s.state != TS_FAILED)
		abort();
	return (0);
}
