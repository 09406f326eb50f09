/*
 * screen.h: what every wizard screen and widget shares inside ui/.  One
 * screen per file (scr_*.c), each a struct screen_ops (tmux's
 * window_mode, htop's PanelClass).  Screens read the wizard through its
 * getters and draw into the body window; ui.c decides when.
 */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <stdint.h>

#ifdef HAVE_NCURSESW
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#include "flow/wizard.h"

/* key() results, a bit set (htop's HandlerResult). */
#define UI_IGNORED	0x00
#define UI_HANDLED	0x01
#define UI_REDRAW	0x02
#define UI_QUIT		0x04

/* Visual roles; ui.c maps them to colours or to mono attributes. */
enum ui_role {
	UR_NORMAL = 0,
	UR_TITLE,
	UR_TAB_ON,
	UR_HEAD,
	UR_SEL,
	UR_OK,
	UR_WARN,
	UR_ERROR,
	UR_DIM,
	UR_BAR,
	UR__COUNT
};

struct screen;

/* A question the wizard asks before it stops serving phones. */
enum ui_confirm {
	UC_NONE = 0,
	UC_QUIT,	/* q or Ctrl-C */
	UC_STOP,	/* stop serving */
	UC_SWITCH,	/* serve on another interface */
};

struct screen_ops {
	const char	*name;
	enum wizard_step step;
	const char	*hints;		/* key hints for the status line */
	void		(*enter)(struct screen *);
	void		(*leave)(struct screen *);
	void		(*draw)(struct screen *, WINDOW *);
	int		(*key)(struct screen *, int);
	/* Does the screen show a clock (countdown, elapsed, ETA)? */
	int		(*ticking)(struct screen *);
};

/* What a screen may use: the wizard, the time, and the look. */
struct ui_ctx {
	struct wizard	*w;
	uint64_t	 now;		/* clock_now_ms() at this draw */
	int		 ascii;
	int		 mono;
	int		 input;		/* a screen is editing text: keys are its */
};

struct screen {
	const struct screen_ops	*ops;
	struct ui_ctx		*ctx;
	void			*data;	/* the screen's own state */
};

extern const struct screen_ops scr_iface_ops;
extern const struct screen_ops scr_firmware_ops;
extern const struct screen_ops scr_config_ops;
extern const struct screen_ops scr_keypad_ops;
extern const struct screen_ops scr_live_ops;

/* ui.c */
attr_t		 ui_attr(enum ui_role);
int		 ui_ascii(void);	/* ASCII glyphs only? */
void		 ui_set_message(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
/* Stop serving (NULL) or switch to an interface, asking first if phones
 * are mid-recovery. */
void		 ui_confirm_serve(const char *, int force);

/* widgets.c: plain structs with _draw functions; they own no engine data. */
struct ui_list {
	size_t		 n, sel, top;
	int		 fold_done;	/* phone tables: done phones folded away */
};
/* Up/Down/PgUp/PgDn/Home/End; returns UI_HANDLED|UI_REDRAW if it moved. */
int		 ui_list_key(struct ui_list *, int, int page);
/* Keep sel visible in a window of height rows. */
void		 ui_list_scroll(struct ui_list *, int);

void		 ui_put(WINDOW *, int, int, int, enum ui_role, const char *);
void		 ui_putf(WINDOW *, int, int, int, enum ui_role, const char *, ...)
		     __attribute__((format(printf, 6, 7)));
/* Fill text into width columns over rows lines at y; returns lines used. */
int		 ui_wrap(WINDOW *, int, int, int, int, enum ui_role,
		     const char *);
void		 ui_bar(WINDOW *, int, int, int, uint64_t, uint64_t,
		     const struct ui_ctx *);
/*
 * One transfer: name (namew columns, cut with an ellipsis), the phone it
 * is for (who, or NULL for no such column), bar, percent, bytes, rate,
 * ETA; a refused request says why instead of a bar.
 */
void		 ui_xfer_line(WINDOW *, int, int, int,
		     const struct wizard_xfer *, const struct ui_ctx *, int,
		     const char *);
void		 ui_log_pane(WINDOW *, const struct ui_ctx *);
void		 ui_status_line(WINDOW *, const char *, const char *);
void		 ui_help_overlay(WINDOW *, const struct ui_ctx *);
/* "1.2 MB", "640 KB", "512 B" */
void		 ui_fmt_bytes(char *, size_t, uint64_t);
/* "4:05", "1:02:03" */
void		 ui_fmt_dur(char *, size_t, uint64_t);
/* Phone rows (live and keypad screens); returns rows used. */
int		 ui_phone_table(WINDOW *, int, int, const struct ui_ctx *,
		     struct ui_list *);

#endif /* UI_SCREEN_H */
