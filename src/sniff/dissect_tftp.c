/*
 * TFTP requests (RFC 1350 5: opcode, file name, NUL, mode, NUL; RFC 2347
 * options follow as name/value pairs).  The file name is what tells us
 * most about a phone: SEP<MAC>.cnf.xml, termNN.default.loads, the
 * components of a load.
 */
#include "config.h"

#include <string.h>

#include "dissect.h"

static int	 tftp_cstr(struct rd *, struct dissect_str *);

/* A NUL-terminated string in place; -1 if the packet ends first. */
static int
tftp_cstr(struct rd *r, struct dissect_str *s)
{
	const uint8_t	*nul;
	size_t		 left = rd_left(r);

	if (left == 0 || (nul = memchr(r->p, '\0', left)) == NULL) {
		r->err = 1;
		return (-1);
	}
	s->p = r->p;
	s->len = (size_t)(nul - r->p);
	rd_skip(r, s->len + 1);
	return (0);
}

int
dissect_tftp(struct rd *r, struct tftp_rrq *t)
{
	struct dissect_str	 name, value;

	memset(t, 0, sizeof *t);
	t->opcode = rd_be16(r);
	if (r->err)
		return (-1);
	if (t->opcode != TFTP_OP_RRQ && t->opcode != TFTP_OP_WRQ)
		return (0);
	if (tftp_cstr(r, &t->file) != 0 || tftp_cstr(r, &t->mode) != 0)
		return (-1);
	if (t->file.len == 0)
		return (-1);
	/*
	 * RFC 2347 options: counted, not needed.  Junk after the mode (some
	 * clients pad) does not make the file name any less requested.
	 */
	while (rd_left(r) > 0) {
		if (tftp_cstr(r, &name) != 0 || tftp_cstr(r, &value) != 0)
			break;
		t->noptions++;
	}
	r->err = 0;
	return (0);
}
