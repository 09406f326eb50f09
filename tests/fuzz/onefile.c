/*
 * onefile.c: main() for fuzz targets built without libFuzzer (libpcap's
 * pattern).  Runs LLVMFuzzerTestOneInput over every file named, descending
 * into directories, so committed corpora and past crashes replay in
 * `make check` as regression tests.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	FILE		*f;
	uint8_t		*buf;
	long		 len;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return (-1);
	}
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return (-1);
	}
	/* malloc(len) exactly, so ASan sees reads past the input. */
	if ((buf = malloc(len > 0 ? (size_t)len : 1)) == NULL ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		fclose(f);
		return (-1);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return (0);
}

static int
run_path(const char *path, int *n)
{
	struct stat	 st;
	DIR		*d;
	struct dirent	*de;
	char		 sub[4096];
	int		 rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return (-1);
	}
	if (!S_ISDIR(st.st_mode)) {
		(*n)++;
		return (run_file(path));
	}
	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		if (run_path(sub, n) != 0)
			rc = -1;
	}
	closedir(d);
	return (rc);
}

int
main(int argc, char **argv)
{
	int	 i, n = 0, rc = 0;

	for (i = 1; i < argc; i++) {
		if (run_path(argv[i], &n) != 0)
			rc = 1;
	}
	printf("%s: %d inputs replayed\n", argv[0], n);
	return (rc);
}
