/*
 * The session record (src/record/record.h) as a serve engine, for serve,
 * the wizard and the demo: a bus sink writing STATE/sessions/<start>-<pid>.rec.
 *
 * Like the hook runner, one per process: opened by the first
 * serve_start() (before any engine, so before privileges are given up:
 * the sandbox forbids opening a file for writing later, and the
 * descriptor stays good after the drop), kept across the restarts of the
 * stages (the wizard on another interface, an adapter plugged back), and
 * finished by the host once the loop is over (serve_record_finish()).
 * Without a writable state directory the session goes unrecorded, said
 * once.
 */
#include "config.h"

#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "log.h"
#include "host/serve.h"
#include "net/net.h"
#include "record/record.h"

static struct recorder	*serve_rec;
static struct bus_sink	*serve_rec_sink;
static int		 serve_rec_tried;

static void
serve_record_cb(const struct ev *e, void *arg)
{
	recorder_event(arg, e);
}

void
serve_record_begin(void)
{
	char	 why[512];

	if (serve_rec_tried)
		return;
	serve_rec_tried = 1;
	if ((serve_rec = recorder_open(net_state_dir(), clock_wall_ms(),
	    getpid(), why, sizeof why)) == NULL) {
		log_warnx("session record: %s (this session goes unrecorded)",
		    why);
		return;
	}
	serve_rec_sink = bus_subscribe(EV_MASK(EV_PHONE) |
	    EV_MASK(EV_TFTP_DONE) | EV_MASK(EV_TFTP_ERROR) |
	    EV_MASK(EV_NOTICE), serve_record_cb, serve_rec);
	log_info("session record: %s", recorder_path(serve_rec));
}

static int
serve_record_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	serve_record_begin();
	return (0);
}

const struct recorder *
serve_record_get(void)
{
	return (serve_rec);
}

void
serve_record_finish(FILE *say)
{
	bus_dispatch();		/* what is queued is recorded too */
	if (serve_rec == NULL)
		return;
	bus_unsubscribe(serve_rec_sink);
	serve_rec_sink = NULL;
	if (say != NULL)
		fprintf(say, "session record: %s\n"
		    "  (phonerescue report %s)\n", recorder_path(serve_rec),
		    recorder_id(serve_rec));
	recorder_close(serve_rec, clock_wall_ms());
	serve_rec = NULL;
	serve_rec_tried = 0;	/* a later serve_start() records anew */
}

const struct serve_engine serve_record_engine = {
	.name = "record",
	.slot = -1,		/* one per process, its state its own */
	.start = serve_record_start,
};
