/*
 * httpd.h: ROOT over HTTP on TCP 6970, beside TFTP (phones on 9.x loads
 * try http://server:6970/NAME before TFTP).  Read-only: GET and HEAD;
 * every other method gets 405 with Allow.  Names resolve through the
 * TFTP side's provider (tftp_files.h): the same leading '/', '\' and
 * letter-case rules and the same confinement; a directory, a missing
 * name and a hidden one are 404 (no listings), '..' is 403.
 *
 * Two layers, as in the other engines:
 *  - httpd_plan() is the logic: method, request target and Range header
 *    in, the answer out (status, the file opened, the byte range);
 *  - httpd_new() and httpd_run() are the io: libmicrohttpd with a thread
 *    per connection (httpd.c says why), its tftp_start/progress/done/
 *    error events (proto "http") delivered on the loop's thread through
 *    the bus's side queue.
 */
#ifndef HTTP_HTTPD_H
#define HTTP_HTTPD_H

#include <stddef.h>
#include <stdint.h>

#include "tftp/tftp_files.h"

struct loop;
struct httpd;

#define HTTPD_ALLOW	"GET, HEAD"	/* the Allow header of a 405 */

struct httpd_plan {
	int		 status;	/* 200, 206, 400, 403, 404, 405, 416 */
	int		 head;		/* HEAD: headers only */
	struct tftp_file *file;		/* open on 200 and 206: close it */
	char		 asked[TFTP_FILES_PATH_MAX];	/* decoded target */
	char		 served[TFTP_FILES_PATH_MAX];	/* relative to root */
	uint64_t	 size;		/* the whole file */
	uint64_t	 off, len;	/* what the body carries */
	const char	*why;		/* a reason in words, when not 2xx */
};

/*
 * Decide the answer, for the client at IPv4 address client (network
 * order: the files' per-client resolver may answer it another file, as
 * TFTP does), to method on target (the request target as sent:
 * percent-escapes, a query, an absolute-form URL all allowed) with an
 * optional Range and If-Range header (NULL: none).  One "bytes=" range
 * is honoured (206, or 416 past the end); several, a malformed one or
 * any If-Range get the whole file (RFC 9110 14.2 lets a server ignore
 * Range).  %00 and other control bytes in the name are 400.  Returns
 * plan->status.
 */
int		 httpd_plan(struct tftp_files *, uint32_t, const char *,
		     const char *, const char *, const char *,
		     struct httpd_plan *);
/* Parse a Range value against size: 1 one range (*off, *len), 0 ignore,
   -1 unsatisfiable. */
int		 httpd_parse_range(const char *, uint64_t, uint64_t *,
		     uint64_t *);

struct httpd_config {
	uint32_t	 addr;		/* network order; 0: any */
	unsigned	 port;		/* 0: any (tests) */
	const char	*ifname;	/* SO_BINDTODEVICE; NULL: none */
	unsigned	 per_peer;	/* connections per client address; 0: default */
	unsigned	 max_conns;	/* 0: HTTP_MAX_CONNS */
	unsigned	 idle_ms;	/* a silent connection is closed; 0: default */
};

/*
 * Listen (connections wait in the backlog); NULL with a one-line reason
 * in err.  The provider is the server's from here on: it is called from
 * the connections' threads, one at a time, until httpd_free.
 */
struct httpd	*httpd_new(struct loop *, struct tftp_files *,
		     const struct httpd_config *, char *, size_t);
/*
 * Start answering: the threads start here, so call it after root is
 * given up (a thread started before keeps root's capabilities) and
 * before the sandbox.  0, or -1 with err.
 */
int		 httpd_run(struct httpd *, char *, size_t);
/* Stop: connections closed (their transfers end as tftp_error), the
   threads joined. */
void		 httpd_free(struct httpd *);
unsigned	 httpd_port(const struct httpd *);

struct httpd_stats {
	uint64_t	 requests, started, done, failed, refused;
	uint64_t	 ended;		/* requests finished, answered or not */
};
void		 httpd_get_stats(struct httpd *, struct httpd_stats *);

#endif /* HTTP_HTTPD_H */
