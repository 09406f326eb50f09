/* Atomic whole-file writes: temp file, fsync, rename. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "compat.h"

int
afile_open(struct afile *a, const char *path, char *err, size_t errlen)
{
	a->f = NULL;
	if (strlcpy(a->path, path, sizeof a->path) >= sizeof a->path ||
	    (size_t)snprintf(a->tmp, sizeof a->tmp, "%s.tmp", path) >=
	    sizeof a->tmp) {
		snprintf(err, errlen, "%s: file name too long", path);
		return (-1);
	}
	if ((a->f = fopen(a->tmp, "we")) == NULL) {
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		return (-1);
	}
	return (0);
}

int
afile_commit(struct afile *a, char *err, size_t errlen)
{
	int	 fd;

	if (ferror(a->f) || fflush(a->f) != 0 || (fd = fileno(a->f)) < 0 ||
	    fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", a->tmp,
		    errno != 0 ? strerror(errno) : "write error");
		afile_abort(a);
		return (-1);
	}
	if (fclose(a->f) != 0) {
		a->f = NULL;
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		unlink(a->tmp);
		return (-1);
	}
	a->f = NULL;
	if (rename(a->tmp, a->path) != 0) {
		snprintf(err, errlen, "%s: %s", a->path, strerror(errno));
		unlink(a->tmp);
		return (-1);
	}
	return (0);
}

void
afile_abort(struct afile *a)
{
	if (a->f != NULL)
		fclose(a->f);
	a->f = NULL;
	unlink(a->tmp);
}
