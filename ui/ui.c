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
#define UI_MIN_COLS		60	/* smaller: "terminal too small" */
#define UI_MIN_ROWS		16

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
	enum ui_confirm		 confirm;	/* a question is open */
	char			 confirm_iface[WIZ_IFNAME_LEN];
	int			 confirm_force;
	char			 busy[1024];	/* the phones it is about */
	size_t			 nbusy;
	attr_t			 attrs[UR__COUNT];
};

static struct ui	*ui_active;		/* for signals and fatal() */
static int		 ui_saved_stderr = -1;	/* the terminal, while curses runs */

static void	 ui_keys(int, short, void *);
static void	 ui_redraw_hook(void *);
static void	 ui_winch(int, void *);
static void	 ui_notify(void *);
static void	 ui_layout(struct ui *);
static void	 ui_draw(struct ui *);
static void	 ui_sigint(int, void *);

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

int
ui_ascii(void)
{
	return (ui_active == NULL || ui_active->ctx.ascii);
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
	/* Ctrl-C asks first while a phone is mid-recovery; twice forces. */
	loop_catch_signal(loop, SIGINT, ui_sigint, u);
	loop_add_post_hook(loop, ui_redraw_hook, u);
	u->dirty = 1;
	/* The first frame at once, even on a loop with nothing else to do. */
	loop_timer_set(loop, &u->frame, clock_now_ms(), ui_notify, u);
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

/* Delete the title, body, log and status windows (ui_layout makes them). */
static void
ui_del_windows(struct ui *u)
{
	WINDOW	**wins[] = { &u->body, &u->logw, &u->title, &u->status };
	size_t	 i;

	for (i = 0; i < sizeof wins / sizeof wins[0]; i++) {
		if (*wins[i] != NULL)
			delwin(*wins[i]);
		*wins[i] = NULL;
	}
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
	ui_del_windows(u);
	log_set_emergency(NULL);
	ui_emergency_end();
	ui_active = NULL;
	ui_write_stats(u);
	free(u);
}

/*
 * A redraw is due: the flow machine changed, a paced frame's time came,
 * or a ticking screen's second passed.
 */
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

	ui_del_windows(u);
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

/*
 * Quit, or ask first while a phone is between its first file and "back
 * up": quitting stops serving it mid-flash.
 */
static int
ui_ask_quit(struct ui *u)
{
	/* Not serving: quitting cuts nothing. */
	u->nbusy = wizard_engines_running(u->w) ? wizard_phones_busy(u->w,
	    u->busy, sizeof u->busy) : 0;
	if (u->nbusy == 0)
		return (UI_QUIT);
	u->confirm = UC_QUIT;
	u->dirty = 1;
	return (UI_HANDLED | UI_REDRAW);
}

static void
ui_sigint(int signo, void *arg)
{
	struct ui	*u = arg;

	(void)signo;
	if (u->confirm == UC_QUIT || ui_ask_quit(u) == UI_QUIT) {
		if (u->confirm == UC_QUIT)
			log_info("wizard: quit by a second Ctrl-C while phones "
			    "were being recovered: %s", u->busy);
		loop_break(u->loop);
	}
}

/* Stop serving (iface NULL) or switch to iface: ask first if phones are busy. */
void
ui_confirm_serve(const char *iface, int force)
{
	struct ui	*u = ui_active;

	if (u == NULL)
		return;
	u->nbusy = wizard_phones_busy(u->w, u->busy, sizeof u->busy);
	if (u->nbusy == 0) {
		if (iface == NULL)
			wizard_cmd_stop(u->w);
		else
			wizard_cmd_pick_iface(u->w, iface, force);
		return;
	}
	u->confirm = iface == NULL ? UC_STOP : UC_SWITCH;
	strlcpy(u->confirm_iface, iface != NULL ? iface : "",
	    sizeof u->confirm_iface);
	u->confirm_force = force;
	u->dirty = 1;
}

/* The answer to an open question: y does it, any other key keeps serving. */
static int
ui_confirm_key(struct ui *u, int key)
{
	enum ui_confirm	 c = u->confirm;

	u->confirm = UC_NONE;
	u->dirty = 1;
	if (key != 'y' && key != 'Y') {
		ui_set_message("still serving: nothing stopped");
		return (UI_HANDLED | UI_REDRAW);
	}
	switch (c) {
	case UC_QUIT:
		log_info("wizard: quit while phones were being recovered: %s",
		    u->busy);
		return (UI_QUIT);
	case UC_STOP:
		wizard_cmd_stop(u->w);
		break;
	case UC_SWITCH:
		wizard_cmd_pick_iface(u->w, u->confirm_iface, u->confirm_force);
		break;
	case UC_NONE:
		break;
	}
	return (UI_HANDLED | UI_REDRAW);
}

/* Keys every screen shares; returns a UI_* set. */
static int
ui_global_key(struct ui *u, int key)
{
	struct wizard	*w = u->w;

	switch (key) {
	case 'q':
	case 'Q':
		return (ui_ask_quit(u));
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
		if (key == KEY_RESIZE) {
			u->resized = 1;
			u->dirty = 1;
			continue;
		}
		if (u->help) {
			u->help = 0;
			u->dirty = 1;
			if ((key == 'q' || key == 'Q') &&
			    ui_ask_quit(u) == UI_QUIT) {
				loop_break(u->loop);
				return;
			}
			continue;
		}
		u->message[0] = '\0';
		s = &u->screens[u->shown];
		if (u->confirm != UC_NONE)
			r = ui_confirm_key(u, key);
		else {
			r = s->ops->key != NULL ? s->ops->key(s, key) :
			    UI_IGNORED;
			if (r == UI_IGNORED && !u->ctx.input)
				r = ui_global_key(u, key);
		}
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

/* The open question, in a box over the body: who, what it does, the keys. */
static void
ui_confirm_draw(struct ui *u)
{
	WINDOW		*h;
	char		 head[160], what[EV_TEXT_LEN * 2];
	const char	*iface = wizard_iface_name(u->w);
	int		 cols = COLS > 74 ? 70 : COLS - 2, rows, y = 1, x;
	int		 need;
	/* One phone or several: the text agrees in number. */
	const char	*keep = u->nbusy == 1 ? "The phone will keep asking; "
	    "it resumes" : "The phones will keep asking; they resume";

	if (cols < 16)
		cols = COLS;
	switch (u->confirm) {
	case UC_QUIT:
		snprintf(head, sizeof head, " Quit while %zu phone%s %s being "
		    "recovered? ", u->nbusy, u->nbusy == 1 ? "" : "s",
		    u->nbusy == 1 ? "is" : "are");
		snprintf(what, sizeof what, "Quitting stops serving on %s "
		    "now.  %s when you serve again.", iface, keep);
		break;
	case UC_STOP:
		snprintf(head, sizeof head, " Stop serving on %s? ", iface);
		snprintf(what, sizeof what, "Stopping takes the address off %s "
		    "now.  %s when you serve again.", iface, keep);
		break;
	default:
		snprintf(head, sizeof head, " Switch from %s to %s? ", iface,
		    u->confirm_iface);
		snprintf(what, sizeof what, "Switching stops serving on %s "
		    "now.  %s when you serve %s again there.", iface, keep,
		    u->nbusy == 1 ? "it" : "them");
		break;
	}
	/* Borders, the phones (3 lines at most), a gap, what it does, a
	 * gap, the two keys. */
	need = (int)(strlen(u->busy) / (size_t)(cols - 6)) + 1;
	need = 2 + (need > 3 ? 3 : need) + 1 +
	    (int)(strlen(what) / (size_t)(cols - 6)) + 1 + 1 + 2;
	rows = LINES - 2 > need ? need : LINES - 2;
	if (rows < 3)
		rows = LINES;
	x = (COLS - cols) / 2;
	if ((h = newwin(rows, cols, LINES > 16 ? 2 : 0, x)) == NULL)
		return;
	werase(h);
	if (u->ctx.ascii)
		wborder(h, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		box(h, 0, 0);
	ui_put(h, 0, 2, cols - 4, UR_WARN, head);
	y += ui_wrap(h, y, 2, cols - 4, 3, UR_NORMAL, u->busy);
	y++;
	if (y < rows - 1)
		y += ui_wrap(h, y, 2, cols - 4, rows - 2 - y, UR_NORMAL, what);
	y++;
	if (y < rows - 1)
		ui_put(h, y++, 2, cols - 4, UR_HEAD, u->confirm == UC_QUIT ?
		    "y  quit now  (a second Ctrl-C quits too)" :
		    u->confirm == UC_STOP ? "y  stop serving" :
		    "y  switch now");
	if (y < rows - 1)
		ui_put(h, y++, 2, cols - 4, UR_NORMAL,
		    "any other key  keep serving");
	wnoutrefresh(h);
	delwin(h);
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
	if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS) {
		/* Rows would vanish: say so, and keep every key working. */
		char	 small[256];

		snprintf(small, sizeof small, "Terminal too small (%dx%d): "
		    "the wizard needs %dx%d.  Make the window bigger; it keeps "
		    "serving meanwhile (q quits).", COLS, LINES, UI_MIN_COLS,
		    UI_MIN_ROWS);
		werase(stdscr);
		ui_wrap(stdscr, 0, 0, COLS, LINES, UR_WARN, small);
		wnoutrefresh(stdscr);
		if (u->confirm != UC_NONE)
			ui_confirm_draw(u);
		doupdate();
		return;
	}
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
	/* Nothing to say: the step's name stays (the user's bearings). */
	ui_status_line(u->status, s->ops->hints, u->message[0] != '\0' ?
	    u->message : wizard_step_title(wizard_step(u->w)));
	wnoutrefresh(u->title);
	wnoutrefresh(u->body);
	wnoutrefresh(u->logw);
	wnoutrefresh(u->status);
	if (u->confirm != UC_NONE)
		ui_confirm_draw(u);
	else if (u->help) {
		WINDOW *h = newwin(LINES > 22 ? 20 : LINES - 2,
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
		    ui_notify, u);
	if (!u->dirty)
		return;
	now = ui_real_ms();
	if (!u->scripted && u->last_draw != 0 &&
	    now - u->last_draw < UI_MIN_FRAME_MS) {
		if (!u->frame.armed)
			loop_timer_set(u->loop, &u->frame, clock_now_ms() +
			    (UI_MIN_FRAME_MS - (now - u->last_draw)),
			    ui_notify, u);
		return;
	}
	u->dirty = 0;
	u->last_draw = now;
	u->frames++;
	ui_draw(u);
}
