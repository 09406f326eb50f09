/*
 * Fuzz the config linter (libxml2, no network, no entities; the text
 * grammars): any bytes give a count of findings that matches the lines it
 * printed.  The first byte picks the file name, so the XMLDefault, SEP,
 * SIP "key: value" and OS79XX.TXT rules all run, strictly or not.
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
	    "SEP001122334455.cnf.xml", "other.xml", "SIPDefault.cnf",
	    "OS79XX.TXT", "MGC001122334455.cnf" };
	struct cfglint_opts o;
	struct cfglint_count c;
	struct sbuf	 out;
	size_t		 i, lines = 0;
	int		 n;

	if (len == 0)
		return (0);
	memset(&o, 0, sizeof o);
	memset(&c, 0, sizeof c);
	o.strict = (data[0] / 6) & 1;
	sbuf_init(&out);
	n = cfglint_buffer(names[data[0] % 6], (const char *)data + 1, len - 1,
	    &o, &out, &c);
	for (i = 0; i < out.len; i++)
		lines += out.buf[i] == '\n';
	if (n < 0 || (size_t)n != lines || c.errors < 0 || c.warnings < 0 ||
	    (n > 0 && c.errors + c.warnings == 0))
		abort();
	sbuf_free(&out);
	return (0);
}
