/*
 * Fuzz the CSV side of `config gen sep --csv` (cfgcsv.h): any bytes give
 * either a set of files, every one named SEP<MAC>.cnf.xml or
 * SIP<MAC>.cnf and at least one per phone, with nothing said as an
 * error; or no file and at least one "error:" line.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfgcsv.h"
#include "sbuf.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct cfgcsv_opts	 o;
	struct cfgcsv_set	 set;
	struct sbuf		 errs, notes;
	size_t			 i;
	int			 r;

	memset(&o, 0, sizeof o);
	sbuf_init(&errs);
	sbuf_init(&notes);
	sbuf_add(&errs, "", 0);
	r = cfgcsv_generate("f.csv", (const char *)data, len, &o, &set, &errs,
	    &notes);
	if (r == 0) {
		if (errs.len != 0 || set.n < set.rows || set.rows == 0)
			abort();
		for (i = 0; i < set.n; i++)
			if (strncmp(set.files[i].name, "SEP", 3) != 0 &&
			    strncmp(set.files[i].name, "SIP", 3) != 0)
				abort();
	} else if (r != -1 || set.n != 0 || strstr(errs.buf, "error:") == NULL)
		abort();
	cfgcsv_set_free(&set);
	sbuf_free(&errs);
	sbuf_free(&notes);
	return (0);
}
