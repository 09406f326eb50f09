/*
 * TFTP wire format: request parsing with option negotiation and the
 * builders for ERROR, OACK and DATA headers.  No I/O, no allocation.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rd.h"
#include "tftp_wire.h"
#include "util.h"

static const char *const tftp_errstrs[] = {
	"Undefined error",			/* 0 */
	"File not found",			/* 1: phones rely on this text */
	"Access violation",
	"Disk full or allocation exceeded",
	"Illegal TFTP operation",
	"Unknown transfer ID",
	"File already exists",
	"No such user",
	"Option negotiation failed",		/* 8: RFC 2347 */
};

const char *
tftp_wire_errstr(unsigned code)
{
	if (code >= sizeof tftp_errstrs / sizeof tftp_errstrs[0])
		return ("Unknown error");
	return (tftp_errstrs[code]);
}

const char *
tftp_wire_opname(unsigned opt)
{
	switch (opt) {
	case TFTP_OPT_BLKSIZE:
		return ("blksize");
	case TFTP_OPT_TSIZE:
		return ("tsize");
	case TFTP_OPT_TIMEOUT:
		return ("timeout");
	case TFTP_OPT_WINDOWSIZE:
		return ("windowsize");
	}
	return ("?");
}

/* A NUL-terminated string starting at r->p; NULL (r untouched) if none. */
static const char *
rd_cstr(struct rd *r, size_t *lenp)
{
	const uint8_t	*nul;
	size_t		 left = rd_left(r);
	const char	*s = (const char *)r->p;

	if (left == 0 || (nul = memchr(r->p, '\0', left)) == NULL)
		return (NULL);
	*lenp = (size_t)(nul - r->p);
	rd_skip(r, *lenp + 1);
	return (s);
}

/*
 * A decimal option value: digits, with spaces around them tolerated;
 * values past UINT64_MAX saturate (*big set).  -1 if not a number at all
 * ("enable", "", "-512", "0x200", "1k"): the caller drops the option.
 */
static int
parse_num(const char *s, size_t len, uint64_t *v, int *big)
{
	uint64_t	 n = 0;
	size_t		 i;

	*big = 0;
	while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return (-1);
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		if (n > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10) {
			n = UINT64_MAX;
			*big = 1;
		} else if (!*big)
			n = n * 10 + (uint64_t)(s[i] - '0');
	}
	*v = n;
	return (0);
}

static int
all_nul(const uint8_t *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\0')
			return (0);
	}
	return (1);
}

static void
req_note(struct tftp_req *req, unsigned bit)
{
	req->opts |= bit;
	if (req->norder < sizeof req->order)
		req->order[req->norder++] = (uint8_t)bit;
}

/* A known option whose value we cannot use: left out of the OACK. */
static void
req_drop(struct tftp_req *req, unsigned bit, const char *how,
    const char **why, char *whybuf, size_t whylen)
{
	req->dropped |= bit;
	if (*why == NULL) {
		snprintf(whybuf, whylen, "%s %s: left out of the OACK",
		    tftp_wire_opname(bit), how);
		*why = whybuf;
	}
}

/* The option bit of a name, or 0 for one we ignore (RFC 2347). */
static unsigned
req_opt_bit(const char *name)
{
	if (util_strcaseeq(name, "blksize"))
		return (TFTP_OPT_BLKSIZE);
	if (util_strcaseeq(name, "tsize"))
		return (TFTP_OPT_TSIZE);
	if (util_strcaseeq(name, "timeout"))
		return (TFTP_OPT_TIMEOUT);
	if (util_strcaseeq(name, "windowsize"))
		return (TFTP_OPT_WINDOWSIZE);
	return (0);
}

/* Take value v of option bit: 0, or -1 with the reason it is dropped. */
static int
req_opt_set(struct tftp_req *req, unsigned bit, uint64_t v,
    const char **reason)
{
	switch (bit) {
	case TFTP_OPT_BLKSIZE:
		/* RFC 2348: 8..65464; larger asks get our largest. */
		if (v < TFTP_BLKSIZE_MIN) {
			*reason = "below 8";
			return (-1);
		}
		req->blksize = v > TFTP_BLKSIZE_MAX ?
		    TFTP_BLKSIZE_MAX : (unsigned)v;
		break;
	case TFTP_OPT_TSIZE:
		/* RFC 2349: 0 in an RRQ; any number gets the size. */
		req->tsize = v;
		break;
	case TFTP_OPT_TIMEOUT:
		/* RFC 2349: 1..255 s; outside it, not acknowledged. */
		if (v < TFTP_TIMEOUT_MIN || v > TFTP_TIMEOUT_MAX) {
			*reason = "outside 1..255";
			return (-1);
		}
		req->timeout = (unsigned)v;
		break;
	case TFTP_OPT_WINDOWSIZE:
		/* RFC 7440: 1..65535. */
		if (v < TFTP_WINDOW_MIN) {
			*reason = "below 1";
			return (-1);
		}
		req->windowsize = v > TFTP_WINDOW_MAX ?
		    TFTP_WINDOW_MAX : (unsigned)v;
		break;
	}
	return (0);
}

/* The mode word: octet, netascii, mail, or another. */
static enum tftp_mode
req_mode(const char *mode)
{
	if (util_strcaseeq(mode, "octet"))
		return (TFTP_MODE_OCTET);
	if (util_strcaseeq(mode, "netascii"))
		return (TFTP_MODE_NETASCII);
	if (util_strcaseeq(mode, "mail"))
		return (TFTP_MODE_MAIL);
	return (TFTP_MODE_OTHER);
}

/*
 * RFC 1350 section 5: | opcode | filename | 0 | mode | 0 |, then RFC 2347
 * section 2: pairs | opt | 0 | value | 0 | until the end of the packet.
 * Option names are case-insensitive; unknown ones are ignored.  RFC 2347
 * leaves an invalid value to each option's RFC, and none of 2348, 2349
 * or 7440 asks the server for error 8, so (as tftp-hpa does) a known
 * option with a value we cannot use is dropped from the OACK and the
 * transfer goes on: not a number, below the option's range, a timeout
 * outside 1..255.  Above the range blksize and windowsize are answered
 * with our largest; a repeated option keeps its first usable value; an
 * option cut by the end of the packet (name or value without its NUL)
 * is ignored.  *why, when set, says what was dropped (for the log).
 */
int
tftp_wire_parse_req(const uint8_t *pkt, size_t len, struct tftp_req *req,
    const char **why)
{
	static __thread char whybuf[96];	/* per thread: workers parse too */
	struct rd	 r;
	const char	*mode, *name, *val, *reason;
	size_t		 modelen, namelen, vallen;
	uint64_t	 v;
	uint16_t	 op;
	unsigned	 bit;
	int		 big;

	memset(req, 0, sizeof *req);
	*why = NULL;
	rd_init(&r, pkt, len);
	op = rd_be16(&r);
	if (r.err || (op != TFTP_OP_RRQ && op != TFTP_OP_WRQ))
		return (TFTP_PARSE_NOTREQ);
	req->op = op;
	if ((req->file = rd_cstr(&r, &req->filelen)) == NULL ||
	    (mode = rd_cstr(&r, &modelen)) == NULL) {
		*why = "request without a terminated file name and mode";
		return (TFTP_PARSE_MALFORMED);
	}
	req->mode = req_mode(mode);
	req->blksize = TFTP_BLKSIZE_DEFAULT;
	req->windowsize = 1;

	while (rd_left(&r) > 0) {
		/* Trailing NUL padding (some clients add it) ends the list. */
		if (all_nul(r.p, rd_left(&r)))
			break;
		if ((name = rd_cstr(&r, &namelen)) == NULL ||
		    (val = rd_cstr(&r, &vallen)) == NULL) {
			req->truncated = 1;	/* cut by the packet's end */
			break;
		}
		req->nopts++;
		if ((bit = req_opt_bit(name)) == 0 || (req->opts & bit))
			continue;		/* RFC 2347: ignore unknown */
		reason = "not a number";
		if (parse_num(val, vallen, &v, &big) != 0 ||
		    req_opt_set(req, bit, v, &reason) != 0) {
			req_drop(req, bit, reason, why, whybuf,
			    sizeof whybuf);
			continue;
		}
		req->dropped &= ~bit;
		req_note(req, bit);
	}
	return (TFTP_PARSE_OK);
}

int
tftp_wire_parse_hdr(const uint8_t *pkt, size_t len, uint16_t *op,
    uint16_t *num)
{
	if (len < TFTP_HDR_LEN)
		return (-1);
	*op = (uint16_t)(pkt[0] << 8 | pkt[1]);
	*num = (uint16_t)(pkt[2] << 8 | pkt[3]);
	return (0);
}

/* RFC 1350 section 5: | 05 | code | message | 0 |. */
size_t
tftp_wire_build_error(uint8_t *buf, size_t len, uint16_t code,
    const char *msg)
{
	struct wr	 w;

	wr_init(&w, buf, len);
	wr_be16(&w, TFTP_OP_ERROR);
	wr_be16(&w, code);
	wr_cstr(&w, msg != NULL ? msg : tftp_wire_errstr(code));
	return (w.err ? 0 : wr_len(&w));
}

/* RFC 2347 section 3: | 06 | opt1 | 0 | value1 | 0 | ... */
size_t
tftp_wire_build_oack(uint8_t *buf, size_t len, const struct tftp_req *req)
{
	struct wr	 w;
	char		 num[24];
	unsigned	 i, bit;

	wr_init(&w, buf, len);
	wr_be16(&w, TFTP_OP_OACK);
	for (i = 0; i < req->norder; i++) {
		bit = req->order[i];
		if ((req->opts & bit) == 0)
			continue;
		switch (bit) {
		case TFTP_OPT_BLKSIZE:
			snprintf(num, sizeof num, "%u", req->blksize);
			break;
		case TFTP_OPT_TSIZE:
			snprintf(num, sizeof num, "%llu",
			    (unsigned long long)req->tsize);
			break;
		case TFTP_OPT_TIMEOUT:
			snprintf(num, sizeof num, "%u", req->timeout);
			break;
		case TFTP_OPT_WINDOWSIZE:
			snprintf(num, sizeof num, "%u", req->windowsize);
			break;
		default:
			continue;
		}
		wr_cstr(&w, tftp_wire_opname(bit));
		wr_cstr(&w, num);
	}
	return (w.err ? 0 : wr_len(&w));
}

/* RFC 1350 section 5: | 03 | block |, then the data. */
void
tftp_wire_data_hdr(uint8_t *buf, uint16_t block)
{
	buf[0] = 0;
	buf[1] = TFTP_OP_DATA;
	buf[2] = (uint8_t)(block >> 8);
	buf[3] = (uint8_t)block;
}
