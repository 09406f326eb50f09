/* Atomic whole-file writes: temp file, fsync, rename. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "compat.h"

/* The directory afile_set_dir() registered (a held descriptor), if any. */
static struct {
	char	 dir[PATH_MAX];
	int	 fd;
} held = { "", -1 };

void
afile_set_dir(const char *dir, int fd)
{
	if (dir == NULL || fd < 0 ||
	    strlcpy(held.dir, dir, sizeof held.dir) >= sizeof held.dir) {
		held.dir[0] = '\0';
		held.fd = -1;
		return;
	}
	held.fd = fd;
}

/* name's last component when its directory is the held one, else NULL. */
static const char *
in_held(const char *name)
{
	size_t	 n = strlen(held.dir);

	if (held.fd < 0 || n == 0 || strncmp(name, held.dir, n) != 0 ||
	    name[n] != '/' || strchr(name + n + 1, '/') != NULL ||
	    name[n + 1] == '\0')
		return (NULL);
	return (name + n + 1);
}

static int
a_unlink(const char *path)
{
	const char	*b = in_held(path);

	return (b != NULL ? unlinkat(held.fd, b, 0) : unlink(path));
}

int
afile_open(struct afile *a, const char *path, char *err, size_t errlen)
{
	int	 fd;

	a->f = NULL;
	if (strlcpy(a->path, path, sizeof a->path) >= sizeof a->path ||
	    (size_t)snprintf(a->tmp, sizeof a->tmp, "%s.tmp", path) >=
	    sizeof a->tmp) {
		snprintf(err, errlen, "%s: file name too long", path);
		return (-1);
	}
	/*
	 * A fresh file, never one found there: the directory may belong to
	 * the user root hands a run to, who could leave a symlink or a hard
	 * link named PATH.tmp pointing at a file of root's.
	 */
	if ((a_unlink(a->tmp) == -1 && errno != ENOENT) ||
	    (fd = in_held(a->tmp) != NULL ? openat(held.fd, in_held(a->tmp),
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666) :
	    open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666)) == -1) {
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		return (-1);
	}
	if ((a->f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		close(fd);
		a_unlink(a->tmp);
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
		a_unlink(a->tmp);
		return (-1);
	}
	a->f = NULL;
	if ((in_held(a->tmp) != NULL && in_held(a->path) != NULL ?
	    renameat(held.fd, in_held(a->tmp), held.fd, in_held(a->path)) :
	    rename(a->tmp, a->path)) != 0) {
		snprintf(err, errlen, "%s: %s", a->path, strerror(errno));
		a_unlink(a->tmp);
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
	a_unlink(a->tmp);
}
