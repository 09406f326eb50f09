/*
 * Helpers for the firmware and config unit tests: read a fixture into
 * memory, write a small file into a test's directory.
 */
#ifndef TESTS_UNIT_FW_TESTUTIL_H
#define TESTS_UNIT_FW_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>

/* tests/data/NAME under $top_srcdir (or the source tree when run by hand). */
static inline unsigned char *
fixture(const char *name, size_t *len)
{
	char		 path[4096];
	const char	*top = getenv("top_srcdir");
	unsigned char	*buf;
	FILE		*f;
	long		 n;

	snprintf(path, sizeof path, "%s/tests/data/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc(n > 0 ? (size_t)n : 1)) == NULL) {
		fclose(f);
		return (NULL);
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return (NULL);
	}
	fclose(f);
	*len = (size_t)n;
	return (buf);
}

/* Write s as DIR/NAME (a test's own directory; failures show in its checks). */
static inline void
put(const char *dir, const char *name, const char *s)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

/* DIR/LOAD.loads for the 7970 (components jar70sip.TAIL.sbn and
 * cnu70.TAIL.sbn), its two components beside it. */
static inline void
put_load70(const char *dir, const char *load, const char *tail)
{
	char	 name[128], body[256], c1[64], c2[64];

	snprintf(c1, sizeof c1, "jar70sip.%s.sbn", tail);
	snprintf(c2, sizeof c2, "cnu70.%s.sbn", tail);
	snprintf(body, sizeof body, "%s\r\n%s\r\n", c1, c2);
	snprintf(name, sizeof name, "%s.loads", load);
	put(dir, name, body);
	put(dir, c1, "component one\n");
	put(dir, c2, "component two\n");
}

#endif /* TESTS_UNIT_FW_TESTUTIL_H */
