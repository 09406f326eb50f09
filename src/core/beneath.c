/* Paths beneath a directory descriptor, no symbolic link followed. */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/openat2.h>
#endif

#include "beneath.h"
#include "compat.h"

static int	 walk(int, const char *, int, mode_t, int);

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
		close(dfd);
		if (fd == -1) {
			errno = saved;
			return (-1);
		}
		dfd = fd;
	}
	return (dfd);
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

	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	return ((int)syscall(SYS_openat2, dirfd, path, &how, sizeof how));
#else
	(void)dirfd; (void)path; (void)flags;
	errno = ENOSYS;
	return (-1);
#endif
}

int
beneath_mkdirs(int dirfd, const char *path, mode_t mode)
{
	return (walk(dirfd, path, 0, mode, 1));
}
