/*
 * The curses side of the wizard: the only file that calls initscr/endwin.
 * Keys are read from fd 0 on the shared poll loop (nodelay getch until
 * ERR); drawing is deferred to a post hook after bus_dispatch, at most
 * UI_MIN_FRAME_MS apart and only when something changed; SIGWINCH comes
 * through the loop's self-pipe and ends in resizeterm (DESIGN.md 3.4, 3.7).
 */
#include "config.h"

#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compat.h"
#include "log.h"
#include "loop.h"
#include "screen.h"
#include "ui.h"
#include "xmalloc.h"

#define UI_MIN_FRAME_MS		100	/* ~10 redraws a second at most */
#define UI_TICK_MS		1000	/* clocks on screen move once a second */

struct ui {
	struct loop		*loop;
	struct wizard		*w;
	struct ui_ctx		 ctx;
	int			 scripted;
	struct screen		 screens[WIZ__COUNT];
	enum wizard_step	 shown;		/* screen entered last */
	WINDOW			*body, *logw, *title, *status;
	int			 dirty;
	int			 help;
	int			 resized;
	uint64_t		 last_draw;	/* real clock, ms */
	unsigned long		 frames, keys;	/* PHONERESCUE_UI_STATS */
	struct loop_timer	 frame;		/* a deferred redraw */
	struct loop_timer	 tick;		/* once a second, when ticking */
	char			 badge[48];
	char			 message[EV_TEXT_LEN];
	char			 wmessage[EV_TEXT_LEN];	/* wizard's, last seen */
	attr_t			 attrs[UR__COUNT];
};

static struct ui	*ui_active;		/* for signals and fatal() */
static int		 ui_saved_stderr = -1;	/* the terminal, while curses runs */

static void	 ui_keys(int, short, void *);
static void	 ui_redraw_hook(void *);
static void	 ui_winch(int, void *);
static void	 ui_notify(void *);
static void	 ui_frame_cb(void *);
static void	 ui_tick_cb(void *);
static void	 ui_layout(struct ui *);
static void	 ui_draw(struct ui *);

static const struct screen_ops *const ui_screens[WIZ__COUNT] = {
	[WIZ_PICK_IFACE] = &scr_iface_ops,
	[WIZ_IMPORT_FW] = &scr_firmware_ops,
	[WIZ_CONFIGURE] = &scr_config_ops,
	[WIZ_KEYPAD] = &scr_keypad_ops,
	[WIZ_SERVING] = &scr_live_ops,
	[WIZ_DONE] = &scr_live_ops,
	[WIZ_FAILED] = &scr_live_ops,
};

/* Real monotonic time: frame pacing must not follow a scripted clock. */
static uint64_t
ui_real_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

int
ui_check_tty(char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the wizard needs a terminal; without "
		    "one, run the engines headless: phonerescue serve -i IFACE");
		return (-1);
	}
	return (0);
}

/* ASCII when the terminal cannot show UTF-8 (or is a plain vt100). */
static int
ui_want_ascii(void)
{
	const char	*term = getenv("TERM");

#ifndef HAVE_NCURSESW
	return (1);
#else
	if (term == NULL || strncmp(term, "vt1", 3) == 0 ||
	    strncmp(term, "vt2", 3) == 0 || strcmp(term, "dumb") == 0 ||
	    strcmp(term, "linux") == 0)
		return (1);
	return (strcmp(nl_langinfo(CODESET), "UTF-8") != 0);
#endif
}

/* Colours when the terminal has them and NO_COLOR is not set; else mono. */
static void
ui_init_attrs(struct ui *u)
{
	const char	*nc = getenv("NO_COLOR");
	int		 i;

	if (nc != NULL && nc[0] != '\0')
		u->ctx.mono = 1;
	if (!has_colors())
		u->ctx.mono = 1;
	for (i = 0; i < UR__COUNT; i++)
		u->attrs[i] = A_NORMAL;
	u->attrs[UR_TITLE] = A_REVERSE;
	u->attrs[UR_TAB_ON] = A_BOLD;
	u->attrs[UR_HEAD] = A_BOLD | A_UNDERLINE;
	u->attrs[UR_SEL] = A_REVERSE;
	u->attrs[UR_OK] = A_BOLD;
	u->attrs[UR_WARN] = A_BOLD;
	u->attrs[UR_ERROR] = A_BOLD | A_UNDERLINE;
	u->attrs[UR_DIM] = A_DIM;
	u->attrs[UR_BAR] = A_REVERSE;
	if (u->ctx.mono)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_GREEN, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_RED, -1);
	init_pair(5, COLOR_CYAN, -1);
	init_pair(6, COLOR_BLACK, COLOR_CYAN);
	u->attrs[UR_TITLE] = COLOR_PAIR(1);
	u->attrs[UR_TAB_ON] = COLOR_PAIR(6) | A_BOLD;
	u->attrs[UR_HEAD] = A_BOLD;
	u->attrs[UR_OK] = COLOR_PAIR(2) | A_BOLD;
	u->attrs[UR_WARN] = COLOR_PAIR(3) | A_BOLD;
	u->attrs[UR_ERROR] = COLOR_PAIR(4) | A_BOLD;
	u->attrs[UR_BAR] = COLOR_PAIR(5);
}

attr_t
ui_attr(enum ui_role r)
{
	if (ui_active == NULL || r >= UR__COUNT)
		return (A_NORMAL);
	return (ui_active->attrs[r]);
}

void
ui_set_message(const char *fmt, ...)
{
	va_list	 ap;

	if (ui_active == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(ui_active->message, sizeof ui_active->message, fmt, ap);
	va_end(ap);
	ui_active->dirty = 1;
}

void
ui_set_badge(struct ui *u, const char *s)
{
	strlcpy(u->badge, s != NULL ? s : "", sizeof u->badge);
	u->dirty = 1;
}

struct ui *
ui_start(struct loop *loop, struct wizard *w, const struct ui_opts *o)
{
	struct ui	*u;
	size_t		 i;

	u = xcalloc(1, sizeof *u);
	u->loop = loop;
	u->w = w;
	u->scripted = o->scripted;
	u->ctx.w = w;
	u->ctx.ascii = o->ascii;
	u->ctx.mono = o->mono;
	setlocale(LC_CTYPE, "");
	if (ui_want_ascii())
		u->ctx.ascii = 1;

	if (initscr() == NULL)
		fatalx("cannot start curses on this terminal");
	ui_active = u;
	log_set_emergency(ui_emergency_end);
	/* Stray stderr lines would tear the screen: park it until we leave. */
	if (isatty(STDERR_FILENO) && (ui_saved_stderr = dup(STDERR_FILENO)) != -1) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (null == -1 || dup2(null, STDERR_FILENO) == -1) {
			close(ui_saved_stderr);
			ui_saved_stderr = -1;
		}
		if (null != -1)
			close(null);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	ui_init_attrs(u);
	ui_layout(u);

	for (i = 0; i < WIZ__COUNT; i++) {
		u->screens[i].ops = ui_screens[i];
		u->screens[i].ctx = &u->ctx;
	}
	u->shown = wizard_step(w);
	u->ctx.now = clock_now_ms();
	if (u->screens[u->shown].ops->enter != NULL)
		u->screens[u->shown].ops->enter(&u->screens[u->shown]);

	wizard_set_notify(w, ui_notify, u);
	loop_add_fd(loop, STDIN_FILENO, POLLIN, ui_keys, u);
	loop_catch_signal(loop, SIGWINCH, ui_winch, u);
	loop_add_post_hook(loop, ui_redraw_hook, u);
	u->dirty = 1;
	/* The first frame at once, even on a loop with nothing else to do. */
	loop_timer_set(loop, &u->frame, clock_now_ms(), ui_frame_cb, u);
	return (u);
}

/* Leave curses; safe to call twice and from fatal(). */
void
ui_emergency_end(void)
{
	if (!isendwin()) {
		curs_set(1);
		endwin();
	}
	if (ui_saved_stderr != -1) {
		dup2(ui_saved_stderr, STDERR_FILENO);
		close(ui_saved_stderr);
		ui_saved_stderr = -1;
	}
}

/*
 * Test hook: with PHONERESCUE_UI_STATS=FILE, the frames drawn and keys
 * read are written to FILE on the way out (tests/ui check the redraw
 * pacing with it).
 */
static void
ui_write_stats(const struct ui *u)
{
	const char	*path = getenv("PHONERESCUE_UI_STATS");
	FILE		*f;

	if (path == NULL || path[0] == '\0' || (f = fopen(path, "we")) == NULL)
		return;
	fprintf(f, "frames %lu\nkeys %lu\n", u->frames, u->keys);
	fclose(f);
}

void
ui_stop(struct ui *u)
{
	size_t	 i;

	if (u == NULL)
		return;
	loop_del_fd(u->loop, STDIN_FILENO);
	loop_timer_cancel(u->loop, &u->frame);
	loop_timer_cancel(u->loop, &u->tick);
	wizard_set_notify(u->w, NULL, NULL);
	for (i = 0; i < WIZ__COUNT; i++) {
		if (u->screens[i].ops->leave != NULL && i == u->shown)
			u->screens[i].ops->leave(&u->screens[i]);
	}
	for (i = 0; i < WIZ__COUNT; i++) {
		/* Screens sharing ops share data: free it once. */
		if (u->screens[i].data != NULL) {
			size_t j;
			for (j = i + 1; j < WIZ__COUNT; j++) {
				if (u->screens[j].data == u->screens[i].data)
					u->screens[j].data = NULL;
			}
			free(u->screens[i].data);
		}
	}
	if (u->body != NULL)
		delwin(u->body);
	if (u->logw != NULL)
		delwin(u->logw);
	if (u->title != NULL)
		delwin(u->title);
	if (u->status != NULL)
		delwin(u->status);
	log_set_emergency(NULL);
	ui_emergency_end();
	ui_active = NULL;
	ui_write_stats(u);
	free(u);
}

static void
ui_notify(void *arg)
{
	struct ui	*u = arg;

	u->dirty = 1;
}

/* Cut the terminal into title, body, log pane and status line. */
static void
ui_layout(struct ui *u)
{
	int	 rows = LINES, cols = COLS, logh, bodyh;

	if (u->body != NULL)
		delwin(u->body);
	if (u->logw != NULL)
		delwin(u->logw);
	if (u->title != NULL)
		delwin(u->title);
	if (u->status != NULL)
		delwin(u->status);
	if (rows < 8)
		rows = 8;
	if (cols < 20)
		cols = 20;
	logh = rows >= 30 ? rows / 5 + 1 : 5;	/* a rule and the lines */
	bodyh = rows - 2 - logh;
	u->title = newwin(1, cols, 0, 0);
	u->body = newwin(bodyh, cols, 1, 0);
	u->logw = newwin(logh, cols, 1 + bodyh, 0);
	u->status = newwin(1, cols, rows - 1, 0);
	if (u->title == NULL || u->body == NULL || u->logw == NULL ||
	    u->status == NULL)
		fatalx("cannot lay out a %dx%d terminal", cols, rows);
	clearok(curscr, TRUE);
	u->dirty = 1;
}

static void
ui_winch(int signo, void *arg)
{
	struct ui	*u = arg;
	struct winsize	 ws;

	(void)signo;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	u->resized = 1;
	u->dirty = 1;
}

static void
ui_frame_cb(void *arg)
{
	struct ui	*u = arg;

	u->dirty = 1;
}

static void
ui_tick_cb(void *arg)
{
	struct ui	*u = arg;

	u->dirty = 1;
}

/* Keys every screen shares; returns a UI_* set. */
static int
ui_global_key(struct ui *u, int key)
{
	struct wizard	*w = u->w;

	switch (key) {
	case 'q':
	case 'Q':
		return (UI_QUIT);
	case '?':
	case KEY_F(1):
		u->help = 1;
		return (UI_HANDLED | UI_REDRAW);
	case '\t':
	case 'n':
		wizard_cmd_next(w);
		return (UI_HANDLED | UI_REDRAW);
	case 'b':
	case KEY_BACKSPACE:
	case 127:
	case 27:
		wizard_cmd_back(w);
		return (UI_HANDLED | UI_REDRAW);
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
		wizard_cmd_goto(w, (enum wizard_step)(key - '1'));
		return (UI_HANDLED | UI_REDRAW);
	case 12:	/* ^L */
		clearok(curscr, TRUE);
		return (UI_HANDLED | UI_REDRAW);
	case KEY_RESIZE:
		u->resized = 1;
		return (UI_HANDLED | UI_REDRAW);
	default:
		return (UI_IGNORED);
	}
}

/* Enter the screen of the wizard's current step if it changed. */
static void
ui_follow_step(struct ui *u)
{
	enum wizard_step	 s = wizard_step(u->w);
	struct screen		*old = &u->screens[u->shown];

	if (s == u->shown)
		return;
	if (old->ops->leave != NULL && old->ops != u->screens[s].ops)
		old->ops->leave(old);
	if (u->screens[s].ops == old->ops)
		u->screens[s].data = old->data;
	u->shown = s;
	if (u->screens[s].ops->enter != NULL && u->screens[s].ops != old->ops)
		u->screens[s].ops->enter(&u->screens[s]);
	u->ctx.input = 0;
	u->dirty = 1;
}

static void
ui_keys(int fd, short revents, void *arg)
{
	struct ui	*u = arg;
	struct screen	*s;
	int		 key, r;

	(void)fd;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal went away: nothing left to show. */
		loop_del_fd(u->loop, STDIN_FILENO);
		loop_break(u->loop);
		return;
	}
	while ((key = getch()) != ERR) {
		u->keys++;
		u->ctx.now = clock_now_ms();
		if (u->help) {
			u->help = 0;
			u->dirty = 1;
			if (key == 'q' || key == 'Q')
				loop_break(u->loop);
			continue;
		}
		u->message[0] = '\0';
		s = &u->screens[u->shown];
		r = s->ops->key != NULL ? s->ops->key(s, key) : UI_IGNORED;
		if (r == UI_IGNORED && !u->ctx.input)
			r = ui_global_key(u, key);
		if (r & UI_QUIT) {
			loop_break(u->loop);
			return;
		}
		if (r != UI_IGNORED)
			u->dirty = 1;
		ui_follow_step(u);
	}
}

static void
ui_draw_title(struct ui *u)
{
	WINDOW		*t = u->title;
	enum wizard_step s;
	int		 cols = getmaxx(t), x, cur = wizard_step(u->w);
	char		 buf[64];

	if (cur >= WIZ_DONE)
		cur = WIZ_SERVING;
	wbkgdset(t, ' ' | ui_attr(UR_TITLE));
	werase(t);
	wattrset(t, ui_attr(UR_TITLE) | A_BOLD);
	mvwaddstr(t, 0, 1, "phonerescue");
	x = 14;
	for (s = WIZ_PICK_IFACE; s <= WIZ_SERVING && x < cols - 4; s++) {
		snprintf(buf, sizeof buf, " %d %s ", s + 1, wizard_step_title(s));
		wattrset(t, (int)s == cur ? ui_attr(UR_TAB_ON) :
		    ui_attr(UR_TITLE));
		mvwaddnstr(t, 0, x, buf, cols - x);
		x += (int)strlen(buf);
	}
	if (u->badge[0] != '\0' && x + (int)strlen(u->badge) + 3 < cols) {
		wattrset(t, ui_attr(UR_TITLE));
		mvwaddstr(t, 0, cols - (int)strlen(u->badge) - 2, u->badge);
	}
	wattrset(t, A_NORMAL);
}

static void
ui_draw(struct ui *u)
{
	struct screen	*s;
	const char	*msg;

	if (u->resized) {
		u->resized = 0;
		ui_layout(u);
	}
	u->ctx.now = clock_now_ms();
	ui_follow_step(u);
	s = &u->screens[u->shown];
	ui_draw_title(u);
	werase(u->body);
	s->ops->draw(s, u->body);
	ui_log_pane(u->logw, &u->ctx);
	/* The wizard's newest word, unless the UI said something since. */
	msg = wizard_message(u->w);
	if (strcmp(msg, u->wmessage) != 0) {
		strlcpy(u->wmessage, msg, sizeof u->wmessage);
		strlcpy(u->message, msg, sizeof u->message);
	}
	ui_status_line(u->status, s->ops->hints, u->message);
	wnoutrefresh(u->title);
	wnoutrefresh(u->body);
	wnoutrefresh(u->logw);
	wnoutrefresh(u->status);
	if (u->help) {
		WINDOW *h = newwin(LINES > 20 ? 18 : LINES - 2,
		    COLS > 64 ? 60 : COLS - 2, 2, COLS > 64 ? (COLS - 60) / 2 : 1);
		if (h != NULL) {
			ui_help_overlay(h, &u->ctx);
			wnoutrefresh(h);
			delwin(h);
		}
	}
	doupdate();
}

/*
 * The post hook, after bus_dispatch: draw if something changed and the
 * last frame is old enough; otherwise come back when it is.
 */
static void
ui_redraw_hook(void *arg)
{
	struct ui	*u = arg;
	uint64_t	 now;
	struct screen	*s;

	if (loop_stopping(u->loop))
		return;
	s = &u->screens[u->shown];
	if (!u->scripted && s->ops->ticking != NULL && s->ops->ticking(s) &&
	    !u->tick.armed)
		loop_timer_set(u->loop, &u->tick, clock_now_ms() + UI_TICK_MS,
		    ui_tick_cb, u);
	if (!u->dirty)
		return;
	now = ui_real_ms();
	if (!u->scripted && u->last_draw != 0 &&
	    now - u->last_draw < UI_MIN_FRAME_MS) {
		if (!u->frame.armed)
			loop_timer_set(u->loop, &u->frame, clock_now_ms() +
			    (UI_MIN_FRAME_MS - (now - u->last_draw)),
			    ui_frame_cb, u);
		return;
	}
	u->dirty = 0;
	u->last_draw = now;
	u->frames++;
	ui_draw(u);
}
