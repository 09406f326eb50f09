/*
 * Fuzz the signed-header parser: it must never read past the input, and
 * a header it accepts must fit inside it with a NUL-terminated name.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/sgn.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sgn_header h;
	char		 err[160];

	if (sgn_parse(data, len, &h, err, sizeof err) != 0) {
		if (memchr(err, '\0', sizeof err) == NULL)
			abort();
		return (0);
	}
	if (h.hdr_len > len || h.hdr_len < SGN_MIN_LEN ||
	    memchr(h.filename, '\0', sizeof h.filename) == NULL ||
	    memchr(h.signer, '\0', sizeof h.signer) == NULL)
		abort();
	return (0);
}
