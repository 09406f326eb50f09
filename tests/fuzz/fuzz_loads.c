/*
 * Fuzz the .loads parser: never an overread, and an accepted manifest has
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
	char		 err[160];
	size_t		 i;

	if (loads_parse(data, len, &l, err, sizeof err) != 0)
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
