/*
 * tftp_wire.h: TFTP packets, parsed and built without I/O.
 *
 * RFC 1350 (the protocol), RFC 2347 (option extension), RFC 2348 (blksize),
 * RFC 2349 (timeout, tsize), RFC 7440 (windowsize).  Parsers take the bytes
 * as they came off the wire and never read past them; builders write into
 * a caller's buffer and report overflow instead of truncating.
 */
#ifndef TFTP_TFTP_WIRE_H
#define TFTP_TFTP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define TFTP_PORT		69	/* RFC 1350: the server's port */

/* RFC 1350 section 5 opcodes, plus RFC 2347 OACK. */
#define TFTP_OP_RRQ		1
#define TFTP_OP_WRQ		2
#define TFTP_OP_DATA		3
#define TFTP_OP_ACK		4
#define TFTP_OP_ERROR		5
#define TFTP_OP_OACK		6

/* RFC 1350 appendix error codes; 8 from RFC 2347. */
#define TFTP_ERR_UNDEF		0
#define TFTP_ERR_NOTFOUND	1
#define TFTP_ERR_ACCESS		2
#define TFTP_ERR_DISKFULL	3
#define TFTP_ERR_ILLEGAL	4
#define TFTP_ERR_TID		5
#define TFTP_ERR_EXISTS		6
#define TFTP_ERR_NOUSER		7
#define TFTP_ERR_OPTION		8

#define TFTP_BLKSIZE_DEFAULT	512
#define TFTP_BLKSIZE_MIN	8	/* RFC 2348 */
#define TFTP_BLKSIZE_MAX	65464	/* RFC 2348 */
#define TFTP_TIMEOUT_MIN	1	/* RFC 2349, seconds */
#define TFTP_TIMEOUT_MAX	255
#define TFTP_WINDOW_MIN		1	/* RFC 7440 */
#define TFTP_WINDOW_MAX		65535
#define TFTP_HDR_LEN		4	/* opcode + block */
#define TFTP_PKT_MAX		65536	/* largest request we read */

enum tftp_mode {
	TFTP_MODE_OCTET = 1,
	TFTP_MODE_NETASCII,
	TFTP_MODE_MAIL,
	TFTP_MODE_OTHER,
};

/* Which options a request carried (bits), in tftp_req.opts. */
#define TFTP_OPT_BLKSIZE	0x01
#define TFTP_OPT_TSIZE		0x02
#define TFTP_OPT_TIMEOUT	0x04
#define TFTP_OPT_WINDOWSIZE	0x08

/* A parsed RRQ or WRQ; file points into the packet (NUL-terminated there). */
struct tftp_req {
	int		 op;		/* TFTP_OP_RRQ or TFTP_OP_WRQ */
	const char	*file;
	size_t		 filelen;
	enum tftp_mode	 mode;
	unsigned	 opts;		/* TFTP_OPT_* the client asked for */
	unsigned	 blksize;	/* as asked (clamped to MAX) */
	unsigned	 timeout;	/* seconds */
	unsigned	 windowsize;	/* as asked (clamped to MAX) */
	uint64_t	 tsize;		/* as sent (0 in an RRQ) */
	unsigned	 nopts;		/* option pairs seen, known or not */
	uint8_t		 order[4];	/* TFTP_OPT_* in the order asked */
	unsigned	 norder;
	unsigned	 dropped;	/* known options with unusable values */
	int		 truncated;	/* an option cut by the packet's end */
};

/* Results of tftp_wire_parse_req(). */
#define TFTP_PARSE_OK		0
#define TFTP_PARSE_NOTREQ	-1	/* not an RRQ/WRQ: drop or error 4 */
#define TFTP_PARSE_MALFORMED	-2	/* file or mode unterminated: error 4 */

/*
 * Parse a request.  No option makes it fail (see tftp_wire.c): a known
 * option with an unusable value is left out of opts (its bit set in
 * dropped) and *why says which and how, for the log.
 */
int		 tftp_wire_parse_req(const uint8_t *, size_t, struct tftp_req *,
		     const char **);

/* The opcode and 16-bit block/code of any packet; -1 if shorter than 4. */
int		 tftp_wire_parse_hdr(const uint8_t *, size_t, uint16_t *,
		     uint16_t *);

/*
 * Build packets into buf; each returns the length, or 0 if buf is too
 * small.  The OACK carries exactly the options in req->opts, in the order
 * the client asked for them, with the values in req (the negotiated ones).
 */
size_t		 tftp_wire_build_error(uint8_t *, size_t, uint16_t, const char *);
size_t		 tftp_wire_build_oack(uint8_t *, size_t, const struct tftp_req *);
void		 tftp_wire_data_hdr(uint8_t *, uint16_t);

/* The conventional message for an error code (RFC 1350 appendix). */
const char	*tftp_wire_errstr(unsigned);
const char	*tftp_wire_opname(unsigned);

#endif /* TFTP_TFTP_WIRE_H */
