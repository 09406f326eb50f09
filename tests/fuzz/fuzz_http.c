/*
 * Fuzz the HTTP side's logic: httpd_plan() over the in-memory provider.
 *
 * Input: | method (1: % 4 picks GET, HEAD, POST, "get") | split (1) |
 * then bytes cut at split into a request target and a Range value (NULs
 * end each).  Invariants, checked with abort(): only GET and HEAD are
 * ever served; a served name is one of the provider's; 200 is the whole
 * file; 206 is a non-empty range inside the file; every open file is
 * closed again.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/httpd.h"
#include "log.h"
#include "tftp/tftp_files.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct tftp_files	*files;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = { "GET", "HEAD", "POST", "get" };
	struct httpd_plan	 pl;
	char			 target[2048], range[256];
	const char		*m;
	size_t			 split, tl, rl;
	int			 st;

	if (files == NULL) {
		log_set_level(LOG_LVL_ERROR);
		files = tftp_files_mem_new();
		tftp_files_mem_add(files, "SCCP70.9-4-2SR3-1S.loads", "0123456789", 10);
		tftp_files_mem_add(files, "US/g3-tones.xml", "tones", 5);
		tftp_files_mem_add(files, "empty.bin", "", 0);
	}
	if (size < 2)
		return (0);
	m = methods[data[0] % 4];
	split = data[1];
	data += 2;
	size -= 2;
	if (split > size)
		split = size;
	tl = split < sizeof target - 1 ? split : sizeof target - 1;
	memcpy(target, data, tl);
	target[tl] = '\0';
	rl = size - split < sizeof range - 1 ? size - split : sizeof range - 1;
	memcpy(range, data + split, rl);
	range[rl] = '\0';

	st = httpd_plan(files, 0, m, target, rl > 0 ? range : NULL, NULL, &pl);
	if ((st == 200 || st == 206) != (pl.file != NULL))
		abort();
	if (pl.file != NULL) {
		if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0)
			abort();
		if (strcmp(pl.served, "SCCP70.9-4-2SR3-1S.loads") != 0 &&
		    strcmp(pl.served, "US/g3-tones.xml") != 0 &&
		    strcmp(pl.served, "empty.bin") != 0)
			abort();
		if (st == 200 && (pl.off != 0 || pl.len != pl.size))
			abort();
		if (st == 206 && (pl.len == 0 || pl.off + pl.len > pl.size))
			abort();
		files->close(files, pl.file);
	}
	if (st != 200 && st != 206 && st != 400 && st != 403 && st != 404 &&
	    st != 405 && st != 416)
		abort();
	if (files->nopen(files) != 0)
		abort();
	return (0);
}
