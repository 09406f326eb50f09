/*
 * record.h: the session record (issue 21).  Every phone a serve or a
 * wizard session sees gets a record, kept on disk while serving in
 * STATE/sessions/<start>-<pid>.rec, one file per session.
 *
 * The file is append-only text, one complete line per update: a
 * "session" line first, then a "phone" line holding the whole record of
 * one phone each time it changes (the last complete one per MAC wins),
 * and an "end" line when the session ends.  Fields are TAB-separated
 * key=value pairs (TAB, newline and backslash escaped).  Each line is
 * written with one write(2); the file is fsync'd when a phone is first
 * seen, when its result changes, and at the end.  A reader ignores a
 * last line without its newline (torn by a crash) and any line it cannot
 * parse; a session without its "end" line was cut short, and its phones
 * that were not back up or failed read as "still going".
 *
 *	struct recorder *r = recorder_open(dir, now_wall_ms, getpid(), err, n);
 *	recorder_event(r, ev);			(a bus sink)
 *	recorder_close(r, now_wall_ms);
 */
#ifndef RECORD_RECORD_H
#define RECORD_RECORD_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ev.h"

enum rec_result {
	REC_GOING = 0,		/* "still going" */
	REC_UP,			/* "back up": the tracker said `recovered` */
	REC_FAILED,		/* "failed": phase failed, or an error notice */
	REC_GAVE_UP,		/* "gave up": its last transfer failed */
	REC__COUNT
};

struct rec_phone {
	char		 mac[EV_MAC_LEN];
	char		 model[16];
	char		 name[64];		/* CDP device id / LLDP name */
	char		 serial[32];		/* LLDP-MED serial */
	char		 load_first[64];	/* the load when first seen */
	char		 load_last[64];		/* the load it runs now */
	char		 plan[192];		/* the plan's steps, or "" */
	uint64_t	 first_ms;		/* wall clock, ms */
	uint64_t	 up_ms;			/* back up at; 0: not yet */
	uint64_t	 last_ms;		/* the latest event about it */
	uint64_t	 bytes;			/* transfers completed */
	unsigned	 retries;		/* transfers that failed */
	char		 problems[256];		/* notice codes, ", " */
	enum rec_result	 result;
	int		 xfer_failed;		/* its last transfer failed */
	/* Reader only: its session, and the latest earlier one with it. */
	char		 session[64];
	char		 seen_before[64];
};

struct rec_session {
	char		 id[64];		/* "20261202T011850Z-1234" */
	char		 path[PATH_MAX];
	uint64_t	 start_ms, end_ms;	/* end_ms 0: cut short */
	struct rec_phone *phones;
	size_t		 nphones;
};

const char	*rec_result_name(enum rec_result);	/* "back up" */
/* Seconds from first seen to back up (or to the latest event). */
uint64_t	 rec_duration_ms(const struct rec_phone *);
/* Fold one event into p (its MAC already set); 1 if anything changed. */
int		 rec_apply(struct rec_phone *, const struct ev *);
/* The MAC an event is about, or NULL. */
const char	*rec_ev_mac(const struct ev *);

/* The writer. */
struct recorder;
struct recorder	*recorder_open(const char *, uint64_t, pid_t, char *, size_t);
void		 recorder_event(struct recorder *, const struct ev *);
/* Write the end line, fsync, close and free (NULL: nothing). */
void		 recorder_close(struct recorder *, uint64_t);
const char	*recorder_path(const struct recorder *);
const char	*recorder_id(const struct recorder *);
size_t		 recorder_nphones(const struct recorder *);
const struct rec_phone *recorder_phone(const struct recorder *, size_t);

/* The reader (record_read.c). */
/* DIR/sessions, where the files are. */
int		 rec_dir(char *, size_t, const char *);
int		 rec_read(const char *, struct rec_session *, char *, size_t);
void		 rec_session_free(struct rec_session *);
/* The session ids in dir, oldest first; free with rec_ids_free. */
int		 rec_list(const char *, char ***, size_t *, char *, size_t);
void		 rec_ids_free(char **, size_t);
/*
 * Read session id (NULL: the latest; "all": every one merged by MAC,
 * each phone's latest record winning and its bytes and retries summed)
 * and mark each phone seen in an earlier session.
 */
int		 rec_load(const char *, const char *, struct rec_session *,
		     char *, size_t);

/* The printers (record_print.c). */
enum rec_format { REC_TEXT, REC_CSV, REC_JSON };
void		 rec_print(FILE *, const struct rec_session *, enum rec_format);

#endif /* RECORD_RECORD_H */
