/*
 * Fuzz the .loads parser (and loads_kind(), loads_sbn_md5()): never an
 * overread, loads_kind() says 79xx exactly when the parser accepts, and
 * an accepted manifest has
 * 1..LOADS_MAX_COMP non-empty, NUL-terminated component names without
 * path separators.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/loads.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct loads	 l;
	char		 err[160], what[160];
	uint8_t		 md5[16];
	size_t		 i;
	int		 parsed;

	/* The kinds of .loads and the 792x embedded MD5: never an overread. */
	parsed = loads_parse(data, len, &l, err, sizeof err) == 0;
	if ((loads_kind(data, len, what, sizeof what) == LOADS_KIND_79XX) !=
	    parsed || memchr(what, '\0', sizeof what) == NULL)
		abort();
	(void)loads_sbn_md5(data, len, md5);
	if (!parsed)
		return (0);
	if (l.ncomp == 0 || l.ncomp > LOADS_MAX_COMP || l.body_off > len)
		abort();
	for (i = 0; i < l.ncomp; i++) {
		if (memchr(l.comp[i].name, '\0', LOADS_NAME_MAX) == NULL ||
		    l.comp[i].name[0] == '\0' ||
		    strchr(l.comp[i].name, '/') != NULL ||
		    strchr(l.comp[i].name, '\\') != NULL)
			abort();
		if (loads_find(&l, l.comp[i].name) < 0)
			abort();
	}
	return (0);
}
