/*
 * Fuzz the config linter (libxml2, no network, no entities): any bytes
 * give a problem count that matches the lines it printed.  The first byte
 * picks the file name, so both the XMLDefault and the SEP rules run.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfglint.h"
#include "sbuf.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const names[] = { "XMLDefault.cnf.xml",
	    "SEP001122334455.cnf.xml", "other.xml" };
	struct sbuf	 out;
	size_t		 i, lines = 0;
	int		 n;

	if (len == 0)
		return (0);
	sbuf_init(&out);
	n = cfglint_buffer(names[data[0] % 3], (const char *)data + 1, len - 1,
	    NULL, &out);
	for (i = 0; i < out.len; i++)
		lines += out.buf[i] == '\n';
	if (n < 0 || (size_t)n != lines)
		abort();
	sbuf_free(&out);
	return (0);
}
