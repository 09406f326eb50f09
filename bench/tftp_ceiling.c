/*
 * bench/tftp_ceiling.c: the least a lockstep TFTP server can do per block,
 * as a yardstick for bench/tftp.sh.  Not part of phonerescue and not a
 * server anyone should run: one transfer at a time, the file read whole
 * into memory, no name checks beyond refusing '/' and "..", no error
 * replies except "File not found", a one-second resend, five tries.
 *
 * Per block it makes two system calls on a connected, blocking socket:
 * send(DATA) and recv(ACK).  Every real server pays at least that plus its
 * own work (poll or select, file reads, time stamps, bookkeeping), so the
 * rate a client reaches against this program bounds what any server can
 * reach with the same client, kernel and link; bench/tftp.sh prints it
 * next to the peers so a lockstep target can be judged against it.
 *
 * Usage: tftp_ceiling ADDR ROOT     (binds ADDR port 69)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

static unsigned char *load(int rootfd, const char *name, size_t *len)
{
	struct stat st;
	unsigned char *p;
	size_t got = 0;
	int fd;

	if (strchr(name, '/') || strstr(name, ".."))
		return NULL;
	fd = openat(rootfd, name, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	p = malloc(st.st_size ? (size_t)st.st_size : 1);
	while (p && got < (size_t)st.st_size) {
		ssize_t n = read(fd, p + got, (size_t)st.st_size - got);
		if (n <= 0) {
			free(p);
			p = NULL;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return p;
}

/* Send pkt until an ACK for block arrives. */
static int exchange(int s, const struct iovec *iov, int iovcnt, uint16_t block)
{
	unsigned char ack[16];
	int tries = 0;

	for (;;) {
		if (++tries > 5 || writev(s, iov, iovcnt) < 0)
			return -1;
		for (;;) {
			ssize_t n = recv(s, ack, sizeof ack, 0);
			if (n < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					break;	/* resend */
				if (errno == EINTR)
					continue;
				return -1;	/* e.g. ECONNREFUSED: client gone */
			}
			if (n >= 4 && ack[1] == 4 &&
			    ((ack[2] << 8) | ack[3]) == block)
				return 0;
			if (n >= 2 && ack[1] == 5)
				return -1;	/* the client gave up */
		}
	}
}

static void serve(int rootfd, const struct sockaddr_in *me,
		  const struct sockaddr_in *peer, char *req, size_t len)
{
	const char *name = req + 2, *end = req + len, *p;
	size_t blksize = 512, size = 0, off = 0;
	unsigned char *file, hdr[4], oack[64];
	int s, tsize = 0, opts = 0;
	struct timeval tv = { 1, 0 };
	uint16_t block = 0;

	if (!memchr(name, 0, (size_t)(end - name)))
		return;
	p = name + strlen(name) + 1;		/* mode */
	if (p >= end || !memchr(p, 0, (size_t)(end - p)))
		return;
	p += strlen(p) + 1;
	while (p < end && memchr(p, 0, (size_t)(end - p))) {
		const char *v = p + strlen(p) + 1;
		if (v >= end || !memchr(v, 0, (size_t)(end - v)))
			break;
		if (!strcasecmp(p, "blksize")) {
			long b = atol(v);
			if (b >= 8 && b <= 65464) {
				blksize = (size_t)b;
				opts = 1;
			}
		} else if (!strcasecmp(p, "tsize")) {
			tsize = opts = 1;
		}
		p = v + strlen(v) + 1;
	}

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0)
		return;
	struct sockaddr_in local = *me;
	local.sin_port = 0;
	if (bind(s, (struct sockaddr *)&local, sizeof local) < 0 ||
	    connect(s, (const struct sockaddr *)peer, sizeof *peer) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) {
		close(s);
		return;
	}
	file = load(rootfd, name, &size);
	if (!file) {
		static const char nf[] = "\0\5\0\1File not found";
		(void)!send(s, nf, sizeof nf, 0);
		close(s);
		return;
	}
	if (opts) {
		int n = 2;
		oack[0] = 0;
		oack[1] = 6;
		n += snprintf((char *)oack + n, sizeof oack - (size_t)n,
			      "blksize%c%zu%c", 0, blksize, 0);
		if (tsize)
			n += snprintf((char *)oack + n, sizeof oack - (size_t)n,
				      "tsize%c%zu%c", 0, size, 0);
		struct iovec o = { oack, (size_t)n };
		if (exchange(s, &o, 1, 0) < 0)
			goto out;
	}
	hdr[0] = 0;
	hdr[1] = 3;
	for (;;) {
		size_t chunk = size - off < blksize ? size - off : blksize;
		block++;
		hdr[2] = (unsigned char)(block >> 8);
		hdr[3] = (unsigned char)block;
		struct iovec iov[2] = { { hdr, 4 }, { file + off, chunk } };
		if (exchange(s, iov, chunk ? 2 : 1, block) < 0)
			break;
		off += chunk;
		if (chunk < blksize)
			break;
	}
out:
	free(file);
	close(s);
}

int main(int argc, char **argv)
{
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(69) };
	int s, rootfd;

	if (argc != 3 || inet_pton(AF_INET, argv[1], &me.sin_addr) != 1) {
		fprintf(stderr, "usage: tftp_ceiling ADDR ROOT\n");
		return 2;
	}
	rootfd = open(argv[2], O_RDONLY | O_DIRECTORY);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (rootfd < 0 || s < 0 ||
	    bind(s, (struct sockaddr *)&me, sizeof me) < 0) {
		perror("tftp_ceiling");
		return 1;
	}
	for (;;) {
		char req[1024];
		struct sockaddr_in peer;
		socklen_t pl = sizeof peer;
		ssize_t n = recvfrom(s, req, sizeof req - 1, 0,
				     (struct sockaddr *)&peer, &pl);
		if (n < 4 || req[0] != 0 || req[1] != 1)
			continue;
		req[n] = 0;
		serve(rootfd, &me, &peer, req, (size_t)n);
	}
}
