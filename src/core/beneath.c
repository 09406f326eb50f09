/*
 * Paths beneath a directory descriptor: with no symbolic link followed
 * (what root writes), or with links followed while they stay beneath it
 * (what the TFTP and HTTP servers read).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/openat2.h>
#endif

#include "beneath.h"
#include "compat.h"

static int	 walk(int, const char *, int, mode_t, int);
static int	 walk_inside(int, const char *, int);
static int	 is_link(int, const char *);

/*
 * Component by component from dirfd: every directory opened with
 * O_NOFOLLOW | O_DIRECTORY (made first when mk), the last one opened with
 * flags | O_NOFOLLOW.  ".", empty components and repeated slashes are
 * skipped; ".." and a leading '/' are refused (EXDEV, as openat2 does).
 */
static int
walk(int dirfd, const char *path, int flags, mode_t mode, int mk)
{
	char		 buf[PATH_MAX], *comp, *slash;
	int		 dfd, fd, saved;

	if (strlcpy(buf, path, sizeof buf) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	if (buf[0] == '/') {
		errno = EXDEV;
		return (-1);
	}
	if ((dfd = dup(dirfd)) == -1)
		return (-1);
	for (comp = buf; comp != NULL; comp = slash) {
		if ((slash = strchr(comp, '/')) != NULL)
			*slash++ = '\0';
		while (slash != NULL && *slash == '/')
			slash++;
		if (slash != NULL && *slash == '\0')
			slash = NULL;
		if (*comp == '\0' || strcmp(comp, ".") == 0) {
			if (slash != NULL)
				continue;
			comp = ".";
		}
		if (strcmp(comp, "..") == 0) {
			close(dfd);
			errno = EXDEV;
			return (-1);
		}
		if (slash == NULL && !mk) {
			fd = openat(dfd, comp, flags | O_NOFOLLOW | O_CLOEXEC,
			    mode);
		} else {
			if (mk && mkdirat(dfd, comp, mode) != 0 &&
			    errno != EEXIST) {
				saved = errno;
				close(dfd);
				errno = saved;
				return (-1);
			}
			fd = openat(dfd, comp, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		}
		saved = errno;
		/* A link where a directory goes: say so, as openat2 does. */
		if (fd == -1 && saved == ENOTDIR && is_link(dfd, comp))
			saved = ELOOP;
		close(dfd);
		if (fd == -1) {
			errno = saved;
			return (-1);
		}
		dfd = fd;
	}
	return (dfd);
}

static int
is_link(int dfd, const char *name)
{
	struct stat	 st;

	return (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode));
}

/*
 * openat2(RESOLVE_BENEATH) by hand, where the kernel or a seccomp filter
 * has no openat2: each component is looked at without following it; a
 * link's target (a relative one: an absolute target leaves, EXDEV)
 * takes its place in the path still to walk, ".." steps back up towards
 * dirfd and never past it (EXDEV), and at most BENEATH_MAX_LINKS links
 * are followed (ELOOP).  What is opened, directories on the way and the
 * last component alike, is opened with O_NOFOLLOW through walk() from
 * the resolved path, so a link swapped in meanwhile fails instead of
 * leading out.
 */
#define BENEATH_MAX_LINKS	40
static int
walk_inside(int dirfd, const char *path, int flags)
{
	char		 todo[PATH_MAX], done[PATH_MAX], target[PATH_MAX];
	char		 rest[PATH_MAX], *comp, *slash, *cut;
	ssize_t		 n;
	int		 dfd, fd, links = 0, saved;

	if (path[0] == '/') {
		errno = EXDEV;
		return (-1);
	}
	if (strlcpy(todo, path, sizeof todo) >= sizeof todo) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	done[0] = '\0';
	for (;;) {
		comp = todo;
		while (*comp == '/')
			comp++;
		if ((slash = strchr(comp, '/')) != NULL)
			*slash++ = '\0';
		if (*comp == '\0' || strcmp(comp, ".") == 0) {
			if (slash == NULL || *slash == '\0')
				return (walk(dirfd, done[0] != '\0' ? done : ".",
				    flags, 0, 0));
			memmove(todo, slash, strlen(slash) + 1);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			if (done[0] == '\0') {
				errno = EXDEV;
				return (-1);
			}
			cut = strrchr(done, '/');
			*(cut != NULL ? cut : done) = '\0';
		} else {
			dfd = walk(dirfd, done[0] != '\0' ? done : ".",
			    O_RDONLY | O_DIRECTORY, 0, 0);
			if (dfd == -1)
				return (-1);
			n = is_link(dfd, comp) ? readlinkat(dfd, comp, target,
			    sizeof target - 1) : -2;
			saved = errno;
			close(dfd);
			if (n == -1) {
				errno = saved;
				return (-1);
			}
			if (n >= 0) {
				target[n] = '\0';
				if (++links > BENEATH_MAX_LINKS) {
					errno = ELOOP;
					return (-1);
				}
				if (target[0] == '/') {
					errno = EXDEV;
					return (-1);
				}
				/* The target, then what was left after it. */
				snprintf(rest, sizeof rest, "%s", slash != NULL ?
				    slash : "");
				if ((size_t)snprintf(todo, sizeof todo, "%s%s%s",
				    target, rest[0] != '\0' ? "/" : "", rest) >=
				    sizeof todo) {
					errno = ENAMETOOLONG;
					return (-1);
				}
				continue;
			}
			if (strlen(done) + 1 + strlen(comp) + 1 > sizeof done) {
				errno = ENAMETOOLONG;
				return (-1);
			}
			n = (ssize_t)strlen(done);
			snprintf(done + n, sizeof done - (size_t)n, "%s%s",
			    n > 0 ? "/" : "", comp);
		}
		if (slash == NULL || *slash == '\0') {
			fd = walk(dirfd, done[0] != '\0' ? done : ".", flags, 0,
			    0);
			return (fd);
		}
		memmove(todo, slash, strlen(slash) + 1);
	}
}

int
beneath_open(int dirfd, const char *path, int flags, mode_t mode)
{
#if defined(SYS_openat2) && defined(RESOLVE_NO_SYMLINKS)
	struct open_how	 how;
	int		 fd;

	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	if (flags & O_CREAT)
		how.mode = mode;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
	fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
	if (fd != -1 || (errno != ENOSYS && errno != EPERM))
		return (fd);
	/* ENOSYS: an old kernel; EPERM: a seccomp filter without openat2. */
#endif
	return (walk(dirfd, path, flags, mode, 0));
}

int
beneath_open_inside(int dirfd, const char *path, int flags)
{
#if defined(SYS_openat2) && defined(RESOLVE_BENEATH)
	struct open_how	 how;
	int		 fd;

	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
	if (fd != -1 || (errno != ENOSYS && errno != EPERM))
		return (fd);
	/* ENOSYS: an old kernel, or the sandbox (net_sandbox.c). */
#endif
	return (walk_inside(dirfd, path, flags));
}

int
beneath_mkdirs(int dirfd, const char *path, mode_t mode)
{
	return (walk(dirfd, path, 0, mode, 1));
}
