/*
 * beneath.h: open paths beneath a directory descriptor without following
 * any symbolic link, for everything root writes under ROOT (the import
 * staging, ROOT/.phonerescue/terms, firmware --default).
 *
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the kernel has it,
 * else a walk that opens each component with O_NOFOLLOW | O_DIRECTORY:
 * either way a link anywhere in the path (an intermediate directory or
 * the last component) fails with ELOOP or ENOTDIR instead of leading out,
 * and ".." or an absolute path fails with EXDEV.
 *
 *	int d = beneath_mkdirs(rootfd, ".phonerescue/terms/SIP70.9-4-2S", 0755);
 *	int fd = openat(d, "term70.default.loads", O_WRONLY | O_CREAT |
 *	    O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
 */
#ifndef CORE_BENEATH_H
#define CORE_BENEATH_H

#include <sys/types.h>

/* openat(dirfd, path, flags, mode) with no link followed; -1 with errno. */
int	 beneath_open(int, const char *, int, mode_t);

/*
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), no O_CREAT: links that
 * stay beneath dirfd are followed (a TFTP root may link a model's folder
 * or a name to another in it); a link leading out fails with EXDEV.
 * Where openat2 cannot be had (an old kernel; the seccomp filter, which
 * cannot read its flags) the same resolution is walked by hand.
 */
int	 beneath_open_inside(int, const char *, int);

/*
 * mkdir -p of path beneath dirfd (each missing component made with mode),
 * no link followed; an O_RDONLY | O_DIRECTORY descriptor of the last
 * component, or -1 with errno (ENOTDIR or ELOOP: a link or a file is in
 * the way).
 */
int	 beneath_mkdirs(int, const char *, mode_t);

#endif /* CORE_BENEATH_H */
