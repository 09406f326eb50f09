/*
 * The seccomp allow-list after the drop (see net_sandbox.h).
 *
 * Refused calls are trapped (SCMP_ACT_TRAP) rather than killed: the
 * process that parses every frame must not die of a library's harmless
 * probe of some call, and a refusal said out loud is how a forbidden
 * attempt gets noticed.  The SIGSYS handler makes the call return -EPERM
 * (by writing the result register of the interrupted context), so the
 * caller sees an ordinary error.  Where that register is not known, the
 * refusal is a plain SCMP_ACT_ERRNO(EPERM), unreported.
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "compat.h"
#include "net_sandbox.h"

#if defined(__x86_64__)
#define SBX_RESULT(uc)	((uc)->uc_mcontext.gregs[REG_RAX])
#elif defined(__aarch64__)
#define SBX_RESULT(uc)	((uc)->uc_mcontext.regs[0])
#endif

#if defined(__SANITIZE_ADDRESS__)
#define SBX_SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SBX_SANITIZED	1
#endif
#endif

#define SBX_RING	64

static int		 sbx_on;
static atomic_long	 sbx_ring[SBX_RING];
static atomic_uint	 sbx_head, sbx_tail;

/* Every call the engines, libc, pcap, ncurses and the sanitizers make. */
static const char *const sbx_allow[] = {
	/* memory, time, identity, signals, threads */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mlock",
	"munlock", "membarrier", "clock_gettime", "clock_getres",
	"clock_nanosleep", "nanosleep", "gettimeofday", "time", "getpid",
	"gettid", "getppid", "getuid", "geteuid", "getgid", "getegid",
	"getresuid", "getresgid", "getgroups", "getpgrp", "getpgid", "getsid",
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending",
	"rt_sigtimedwait", "rt_sigsuspend", "sigaltstack", "kill", "tgkill",
	"tkill", "futex", "futex_waitv", "set_robust_list", "get_robust_list",
	"set_tid_address", "rseq", "sched_yield", "sched_getaffinity",
	"sched_setaffinity", "sched_getparam", "sched_getscheduler",
	"getrandom", "exit", "exit_group", "clone", "clone3", "wait4",
	"waitid", "prctl", "arch_prctl", "getrlimit", "prlimit64", "getrusage",
	"sysinfo", "uname", "umask", "getcwd", "capget", "getpriority",
	"restart_syscall",
	/* descriptors */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv",
	"pwritev", "close", "close_range", "dup", "dup2", "dup3", "pipe",
	"pipe2", "fcntl", "ioctl", "lseek", "fstat", "newfstatat", "stat",
	"lstat", "statx", "statfs", "fstatfs", "getdents", "getdents64",
	"readlink", "readlinkat", "access", "faccessat", "faccessat2",
	"fsync", "fdatasync", "ftruncate", "poll", "ppoll", "select",
	"pselect6", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"epoll_pwait2", "eventfd2", "timerfd_create", "timerfd_settime",
	"timerfd_gettime", "signalfd4", "sendfile", "splice",
	"fadvise64",
	/* sockets already open, and the kinds socket() below allows */
	"bind", "listen", "accept", "accept4", "connect", "sendto",
	"recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
	"getsockopt", "setsockopt", "getsockname", "getpeername", "shutdown",
	"socketpair",
	NULL
};

/* The wizard also imports into ROOT and writes configurations there. */
static const char *const sbx_allow_files[] = {
	"rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir",
	"mkdirat", "rmdir", "fchmod", "fchmodat", "chmod", "utimensat",
	"fallocate", "creat", "open", "openat", "symlink", "symlinkat",
	NULL
};

static void
sbx_sigsys(int sig, siginfo_t *si, void *ctx)
{
	static const char	 msg[] = "phonerescue: sandbox: refused system call ";
	char			 num[24];
	size_t			 i = sizeof num;
	long			 nr = si->si_syscall, v;
	unsigned		 h;
	int			 saved = errno;

	(void)sig;
#ifdef SBX_RESULT
	SBX_RESULT((ucontext_t *)ctx) = -EPERM;
#else
	(void)ctx;
#endif
	h = atomic_fetch_add(&sbx_head, 1);
	if (h - atomic_load(&sbx_tail) < SBX_RING)
		atomic_store(&sbx_ring[h % SBX_RING], nr);
	else
		atomic_fetch_sub(&sbx_head, 1);
	num[--i] = '\n';
	v = nr < 0 ? 0 : nr;
	do
		num[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0 && i > 0);
	(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)!write(STDERR_FILENO, num + i, sizeof num - i);
	errno = saved;
}

static int
add(scmp_filter_ctx f, uint32_t act, const char *name, unsigned n,
    const struct scmp_arg_cmp *a)
{
	int	 nr;

	if ((nr = seccomp_syscall_resolve_name(name)) == __NR_SCMP_ERROR)
		return (0);	/* not a call of this architecture */
	return (seccomp_rule_add_array(f, act, nr, n, a));
}

int
net_sandbox_enter(const struct net_sandbox *o, char *err, size_t errlen)
{
	static const int	 families[] = {
		AF_UNIX, AF_INET, AF_NETLINK, AF_PACKET
	};
	/* Calls allowed on the held directory (its fd in 1 or 2 places). */
	static const struct {
		const char	*name;
		unsigned	 nargs;
	} held[] = {
		{ "openat", 1 }, { "unlinkat", 1 }, { "renameat", 2 },
		{ "renameat2", 2 },
	};
	const unsigned		 wflags = O_ACCMODE | O_CREAT | O_TRUNC |
	    O_APPEND;
	struct scmp_arg_cmp	 c[2];
	struct sigaction	 sa;
	scmp_filter_ctx		 f;
	uint32_t		 deny;
	size_t			 i;
	int			 rc = 0;

	if (sbx_on)
		return (0);
#ifdef SBX_RESULT
	deny = SCMP_ACT_TRAP;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = sbx_sigsys;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) != 0) {
		snprintf(err, errlen, "sandbox: SIGSYS: %s", strerror(errno));
		return (-1);
	}
#else
	(void)sa;
	deny = SCMP_ACT_ERRNO(EPERM);
#endif
	if ((f = seccomp_init(deny)) == NULL) {
		snprintf(err, errlen, "sandbox: seccomp_init failed");
		return (-1);
	}
	for (i = 0; rc == 0 && sbx_allow[i] != NULL; i++)
		rc = add(f, SCMP_ACT_ALLOW, sbx_allow[i], 0, NULL);
	/* openat2's flags are out of reach (a struct): callers fall back. */
	if (rc == 0)
		rc = add(f, SCMP_ACT_ERRNO(ENOSYS), "openat2", 0, NULL);
	/* New sockets of four families only. */
	for (i = 0; rc == 0 && i < sizeof families / sizeof families[0]; i++) {
		c[0] = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]);
		rc = add(f, SCMP_ACT_ALLOW, "socket", 1, c);
	}
#ifdef SBX_SANITIZED
	/* LeakSanitizer stops the threads through ptrace at exit. */
	if (rc == 0)
		rc = add(f, SCMP_ACT_ALLOW, "ptrace", 0, NULL);
#endif
	if (o->writes_anywhere) {
		for (i = 0; rc == 0 && sbx_allow_files[i] != NULL; i++)
			rc = add(f, SCMP_ACT_ALLOW, sbx_allow_files[i], 0, NULL);
	} else {
		/* Read-only opens anywhere: no write, create, truncate. */
		c[0] = SCMP_A2(SCMP_CMP_MASKED_EQ, wflags, O_RDONLY);
		if (rc == 0)
			rc = add(f, SCMP_ACT_ALLOW, "openat", 1, c);
		c[0] = SCMP_A1(SCMP_CMP_MASKED_EQ, wflags, O_RDONLY);
		if (rc == 0)
			rc = add(f, SCMP_ACT_ALLOW, "open", 1, c);
		if (o->write_dirfd >= 0) {
			/* Anything through the held lease directory. */
			c[0] = SCMP_A0(SCMP_CMP_EQ,
			    (scmp_datum_t)o->write_dirfd);
			c[1] = SCMP_A2(SCMP_CMP_EQ,
			    (scmp_datum_t)o->write_dirfd);
			for (i = 0; rc == 0 && i < sizeof held / sizeof held[0];
			    i++)
				rc = add(f, SCMP_ACT_ALLOW, held[i].name,
				    held[i].nargs, c);
		}
	}
	/* The filter applies to every thread there is (TSYNC). */
	if (rc == 0)
		rc = seccomp_attr_set(f, SCMP_FLTATR_CTL_TSYNC, 1);
	if (rc == 0)
		rc = seccomp_load(f);
	seccomp_release(f);
	if (rc != 0) {
		snprintf(err, errlen, "sandbox: installing the filter: %s",
		    strerror(-rc));
		return (-1);
	}
	sbx_on = 1;
	return (0);
}

int
net_sandbox_active(void)
{
	return (sbx_on);
}

size_t
net_sandbox_refused(long *nrs, size_t max)
{
	size_t		 n = 0;
	unsigned	 t;

	while (n < max && (t = atomic_load(&sbx_tail)) !=
	    atomic_load(&sbx_head)) {
		nrs[n++] = atomic_load(&sbx_ring[t % SBX_RING]);
		atomic_store(&sbx_tail, t + 1);
	}
	return (n);
}

void
net_sandbox_name(long nr, char *buf, size_t len)
{
	char	*name;

	name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
	if (name != NULL)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "syscall %ld", nr);
	free(name);
}
