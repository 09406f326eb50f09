/*
 * ui.h: the ncurses wizard's public face, free of curses so that the
 * wizard host (src/host/wizard_host.c) can start it without curses flags.
 * ui/ is the only folder that includes curses and calls initscr/endwin.
 *
 *	if (ui_check_tty(err, sizeof err) != 0) ... (point to `serve`)
 *	u = ui_start(loop, wizard, &opts);	(initscr, keys on fd 0, hooks)
 *	loop_run(loop);				(q, SIGINT or SIGTERM stop it)
 *	ui_stop(u);				(endwin; the terminal is back)
 */
#ifndef UI_UI_H
#define UI_UI_H

#include <stddef.h>

struct loop;
struct wizard;
struct ui;

struct ui_opts {
	int		 ascii;		/* force ASCII glyphs */
	int		 mono;		/* force monochrome */
	int		 scripted;	/* fake clock: draw every change at once */
};

/* 0 when stdin and stdout are terminals; else -1 and a reason. */
int		 ui_check_tty(char *, size_t);
struct ui	*ui_start(struct loop *, struct wizard *, const struct ui_opts *);
void		 ui_stop(struct ui *);
/* Short text at the right of the title bar ("script: end"), or NULL. */
void		 ui_set_badge(struct ui *, const char *);
/* Leave curses at once: registered with log_set_emergency(). */
void		 ui_emergency_end(void);

#endif /* UI_UI_H */
