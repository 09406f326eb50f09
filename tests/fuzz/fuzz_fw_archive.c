/*
 * Fuzz the whole import path on archive bytes: the input is written to a
 * temporary file and imported into an empty temporary ROOT with small
 * caps.  Whatever happens, ROOT may afterwards hold only regular files
 * and, after an import that worked, folders of regular files (our
 * .phonerescue state, locale and Desktops/WxHxD folders): never a link
 * or anything else; a refused import must leave it empty.
 *
 * The file and ROOT live on /dev/shm (tmpfs) when there is one: on a disk
 * file system the creating, truncating and removing of files took a large
 * share of each run without being code under test.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fw/fw_import.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 file[64], root[64];

/* Pick the scratch paths once: tmpfs if we may write there, else /tmp. */
static void
paths(void)
{
	const char	*dir = "/dev/shm";
	struct stat	 st;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access(dir, W_OK) != 0)
		dir = "/tmp";
	snprintf(file, sizeof file, "%s/fuzz_fw_archive.%ld.bin", dir,
	    (long)getpid());
	snprintf(root, sizeof root, "%s/fuzz_fw_archive.%ld.root", dir,
	    (long)getpid());
}

/* Remove dir's contents (one level, plus .phonerescue/terms/x/y). */
static void
wipe(const char *dir, int depth)
{
	struct dirent	*de;
	struct stat	 st;
	char		 p[4096];
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 4) {
			wipe(p, depth + 1);
			rmdir(p);
		} else
			unlink(p);
	}
	closedir(d);
}

/* Regular files under dir (folders only when dirs_ok); abort on others. */
static int
check(const char *dir, int dirs_ok, int depth)
{
	struct dirent	*de;
	struct stat	 st;
	char		 p[4096];
	DIR		*d;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		abort();
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (lstat(p, &st) != 0)
			abort();
		if (S_ISDIR(st.st_mode) && dirs_ok && depth < 4)
			n += check(p, dirs_ok, depth + 1);
		else if (!S_ISREG(st.st_mode))
			abort();
		else
			n++;
	}
	closedir(d);
	return (n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fw_import_opts o;
	struct fw_manifest m;
	char		 err[FW_ERRBUF_SIZE];
	FILE		*f;
	int		 r, n;

	if (file[0] == '\0')
		paths();
	if ((f = fopen(file, "wb")) == NULL)
		return (0);
	fwrite(data, 1, len, f);
	fclose(f);
	mkdir(root, 0700);
	wipe(root, 0);
	memset(&o, 0, sizeof o);
	o.max_entry = 1 << 20;
	o.max_total = 4 << 20;
	o.allow_incomplete = data[0 % (len ? len : 1)] & 1;
	o.known_path = "/dev/null";
	r = fw_import_archive(file, root, &o, &m, err);
	fw_manifest_free(&m);
	n = check(root, r == 0, 0);
	if (r != 0 && n != 0)
		abort();
	wipe(root, 0);
	rmdir(root);
	unlink(file);
	return (0);
}
