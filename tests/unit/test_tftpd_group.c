/*
 * A group of TFTP servers on one loopback port, three members (two in
 * threads of their own): 60 clients at once are all served whole, their
 * events reach the bus on this thread with ids unique across members,
 * the transfers spread over the members, and freeing the group joins the
 * threads.  A group of one runs on the caller's loop alone.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "bus.h"
#include "clock.h"
#include "log.h"
#include "loop.h"
#include "tftp/tftpd.h"

#define NCLIENTS	60
#define FILESIZE	5000		/* 10 blocks of 512, the last short */

static struct loop	*L;
static uint8_t		 content[FILESIZE];
static uint64_t		 start_ids[NCLIENTS * 2], done_ids[NCLIENTS * 2];
static size_t		 nstart, ndone, nother;

struct client {
	int			 fd;
	struct sockaddr_in	 srv;		/* the transfer's port */
	uint8_t			 got[FILESIZE];
	size_t			 len;
	unsigned		 next;		/* block expected */
	int			 done;
};

static struct client	 cl[NCLIENTS];

static void
record(const struct ev *e, void *arg)
{
	(void)arg;
	if (e->type == EV_TFTP_START && nstart < NCLIENTS * 2)
		start_ids[nstart++] = e->u.tftp.xfer;
	else if (e->type == EV_TFTP_DONE && ndone < NCLIENTS * 2)
		done_ids[ndone++] = e->u.tftp.xfer;
	else if (e->type == EV_TFTP_ERROR)
		nother++;
}

static int
write_root(char *dir)
{
	char	 path[256];
	int	 fd;
	size_t	 i;

	for (i = 0; i < sizeof content; i++)
		content[i] = (uint8_t)(i * 13 + 5);
	if (mkdtemp(dir) == NULL)
		return (-1);
	snprintf(path, sizeof path, "%s/f.bin", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return (-1);
	if (write(fd, content, sizeof content) != (ssize_t)sizeof content) {
		close(fd);
		return (-1);
	}
	close(fd);
	return (0);
}

static void
rrq_to(struct client *c, unsigned port)
{
	static const uint8_t	 rrq[] = "\0\1f.bin\0octet";
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	(void)sendto(c->fd, rrq, sizeof rrq, 0, (struct sockaddr *)&sin,
	    sizeof sin);
}

/* Read what came for c, acknowledge DATA in order; 1 when it has all. */
static void
client_step(struct client *c)
{
	uint8_t			 b[600], a[4];
	struct sockaddr_in	 from;
	socklen_t		 fl;
	ssize_t			 n;
	unsigned		 blk;

	for (;;) {
		fl = sizeof from;
		n = recvfrom(c->fd, b, sizeof b, MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fl);
		if (n < 4 || b[1] != 3)
			return;
		blk = (unsigned)(b[2] << 8 | b[3]);
		if (blk == c->next && c->len + (size_t)(n - 4) <= FILESIZE) {
			memcpy(c->got + c->len, b + 4, (size_t)n - 4);
			c->len += (size_t)n - 4;
			c->next++;
			c->srv = from;
			if (n - 4 < 512)
				c->done = 1;
		}
		a[0] = 0;
		a[1] = 4;
		a[2] = b[2];
		a[3] = b[3];
		(void)sendto(c->fd, a, 4, 0, (struct sockaddr *)&from,
		    sizeof from);
	}
}

static int
all_done(void)
{
	size_t	 i;

	for (i = 0; i < NCLIENTS; i++)
		if (!cl[i].done)
			return (0);
	return (1);
}

static void
test_group(const char *root)
{
	struct tftpd_config	 cfg;
	struct tftpd_group	*g;
	char			 err[160];
	size_t			 i, j, whole = 0, dupids = 0, unmatched = 0;
	unsigned		 port, members = 0;
	int			 seen[3] = { 0, 0, 0 };
	uint64_t		 t0;

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(INADDR_LOOPBACK);
	g = tftpd_group_new(L, root, &cfg, 3, err, sizeof err);
	if (!ok(g != NULL, "a group of three: %s", g != NULL ? "up" : err))
		return;
	is_int(tftpd_group_size(g), 3, "three members");
	port = tftpd_group_port(g);
	ok(port != 0, "one port for all of them (%u)", port);
	ok(tftpd_group_run(g, err, sizeof err) == 0, "worker threads started");

	for (i = 0; i < NCLIENTS; i++) {
		cl[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
		cl[i].next = 1;
		rrq_to(&cl[i], port);
	}
	t0 = clock_now_ms();
	while (!all_done() && clock_now_ms() - t0 < 20000) {
		loop_run_once(L, 2);
		for (i = 0; i < NCLIENTS; i++)
			client_step(&cl[i]);
	}
	for (i = 0; i < NCLIENTS; i++) {
		if (cl[i].done && cl[i].len == FILESIZE &&
		    memcmp(cl[i].got, content, FILESIZE) == 0)
			whole++;
	}
	is_int(whole, NCLIENTS, "every client has the file, byte for byte");
	/* The last ACKs reach the members; their tftp_done cross to us. */
	t0 = clock_now_ms();
	while (ndone < NCLIENTS && clock_now_ms() - t0 < 20000)
		loop_run_once(L, 2);

	tftpd_group_free(g);
	(void)bus_dispatch();
	is_int(nstart, NCLIENTS, "a tftp_start per client, on this thread");
	is_int(ndone, NCLIENTS, "a tftp_done per client");
	is_int(nother, 0, "no tftp_error");
	for (i = 0; i < nstart; i++) {
		for (j = i + 1; j < nstart; j++)
			if (start_ids[i] == start_ids[j])
				dupids++;
		for (j = 0; j < ndone; j++)
			if (done_ids[j] == start_ids[i])
				break;
		if (j == ndone)
			unmatched++;
		seen[start_ids[i] % 3] = 1;
	}
	is_int(dupids, 0, "transfer ids unique across members");
	is_int(unmatched, 0, "each start has its done");
	members = (unsigned)(seen[0] + seen[1] + seen[2]);
	ok(members >= 2, "transfers spread over %u members", members);
	for (i = 0; i < NCLIENTS; i++)
		close(cl[i].fd);
}

static void
test_single(const char *root)
{
	struct tftpd_config	 cfg;
	struct tftpd_group	*g;
	char			 err[160];
	struct client		*c = &cl[0];
	uint64_t		 t0;

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(INADDR_LOOPBACK);
	g = tftpd_group_new(L, root, &cfg, 1, err, sizeof err);
	if (!ok(g != NULL, "a group of one: %s", g != NULL ? "up" : err))
		return;
	is_int(tftpd_group_size(g), 1, "one member");
	ok(tftpd_group_run(g, err, sizeof err) == 0, "run starts no thread");
	memset(c, 0, sizeof *c);
	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	c->next = 1;
	rrq_to(c, tftpd_group_port(g));
	t0 = clock_now_ms();
	while (!c->done && clock_now_ms() - t0 < 10000) {
		loop_run_once(L, 2);
		client_step(c);
	}
	ok(c->done && c->len == FILESIZE &&
	    memcmp(c->got, content, FILESIZE) == 0,
	    "served from the caller's loop");
	close(c->fd);
	tftpd_group_free(g);
}

/*
 * Issue 15: the per-address cap holds for the group, not per member: 60
 * ports of one address, spread by the kernel over three members, hold
 * 10 transfers of a cap of 10; the other 50 hear "Server busy".
 */
static void
test_group_cap(const char *root)
{
	struct tftpd_config	 cfg;
	struct tftpd_group	*g;
	char			 err[160];
	uint8_t			 b[600];
	size_t			 i, data = 0, busy = 0, answered = 0;
	uint64_t		 t0;
	static int		 got[NCLIENTS];

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(INADDR_LOOPBACK);
	cfg.max_per_peer = 10;
	g = tftpd_group_new(L, root, &cfg, 3, err, sizeof err);
	if (!ok(g != NULL, "a group of three, cap 10: %s",
	    g != NULL ? "up" : err))
		return;
	ok(tftpd_group_run(g, err, sizeof err) == 0, "worker threads started");
	for (i = 0; i < NCLIENTS; i++) {
		cl[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
		rrq_to(&cl[i], tftpd_group_port(g));
		got[i] = 0;
	}
	t0 = clock_now_ms();
	while (answered < NCLIENTS && clock_now_ms() - t0 < 10000) {
		loop_run_once(L, 2);
		for (i = 0; i < NCLIENTS; i++) {
			ssize_t n;

			if (got[i])
				continue;
			n = recv(cl[i].fd, b, sizeof b, MSG_DONTWAIT);
			if (n < 4)
				continue;
			got[i] = 1;
			answered++;
			if (b[1] == 3)
				data++;
			else if (b[1] == 5 && strstr((char *)b + 4, "busy"))
				busy++;
		}
	}
	is_int(data, 10, "60 ports of one address over 3 members: 10 served");
	is_int(busy, NCLIENTS - 10, "the other 50 told \"Server busy\"");
	tftpd_group_free(g);
	for (i = 0; i < NCLIENTS; i++)
		close(cl[i].fd);
}

int
main(void)
{
	char	 root[] = "/tmp/prgroupXXXXXX", path[300];

	log_set_level(LOG_LVL_WARN);
	if (write_root(root) != 0) {
		diag("temporary root: %s", strerror(errno));
		return (99);
	}
	L = loop_new();
	loop_add_post_hook(L, bus_dispatch_hook, NULL);
	bus_subscribe(EV_MASK_ALL, record, NULL);

	test_group(root);
	test_single(root);
	test_group_cap(root);

	bus_reset();
	loop_free(L);
	snprintf(path, sizeof path, "%s/f.bin", root);
	(void)unlink(path);
	(void)rmdir(root);
	return (done_testing());
}
