/*
 * afile.h: write a whole file so that a reader never sees half of it:
 * the text goes to PATH.tmp, which afile_commit() flushes, fsyncs and
 * renames over PATH; afile_abort() removes it instead.
 *
 *	struct afile a;
 *	if (afile_open(&a, path, err, errlen) != 0) return (-1);
 *	fprintf(a.f, ...);
 *	return (afile_commit(&a, err, errlen));
 */
#ifndef CORE_AFILE_H
#define CORE_AFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

struct afile {
	FILE	*f;
	char	 path[PATH_MAX];
	char	 tmp[PATH_MAX + 8];
};

int	 afile_open(struct afile *, const char *, char *, size_t);
/* 0, or -1 with err set; the temp file is gone either way. */
int	 afile_commit(struct afile *, char *, size_t);
void	 afile_abort(struct afile *);
/*
 * Files directly in dir are then written through fd, a descriptor of dir
 * held open (openat/renameat/unlinkat): after the sandbox (net_sandbox.h)
 * that is the only way a file may be created.  NULL forgets it.
 */
void	 afile_set_dir(const char *, int);

#endif /* CORE_AFILE_H */
