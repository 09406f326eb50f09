/*
 * Fuzz the site's lease-file parsers (src/site/site_lease.c): every line
 * of the input through dnsmasq's parser and, after a Kea header taken
 * from the first line, Kea's; and the whole input as a lease-hook
 * datagram.  Whatever the bytes, a parser returns one of its three
 * answers and never reads past its input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "site/site_lease.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct site_kea		 k;
	struct site_lease	 l;
	const char		*p = (const char *)data;
	char			*line;
	size_t			 used;
	long			 n;
	int			 rc;

	if ((line = malloc(len + 1)) == NULL)
		abort();
	memcpy(line, data, len);
	rc = site_hook_msg(line, len, &l);
	free(line);
	if (rc < -1 || rc > 1 || memchr(l.vendor_class, '\0',
	    sizeof l.vendor_class) == NULL)
		abort();
	site_kea_init(&k);
	while (len > 0) {
		if ((n = site_next_line(p, len, &used)) < 0) {
			n = (long)len;
			used = len;
		}
		/* A copy of exactly the line: ASan sees any read past it. */
		if ((line = malloc((size_t)n + 1)) == NULL)
			abort();
		memcpy(line, p, (size_t)n);
		rc = site_dnsmasq_line(line, (size_t)n, &l);
		if (rc < -1 || rc > 1 || memchr(l.hostname, '\0',
		    sizeof l.hostname) == NULL)
			abort();
		rc = site_kea_line(&k, line, (size_t)n, &l);
		if (rc < -1 || rc > 1)
			abort();
		free(line);
		p += used;
		len -= used;
	}
	return (0);
}
