/*
 * Widgets: list movement, clipped text, progress bars, the phone table,
 * the log pane, the status line and the help overlay.  Plain functions
 * over view structs; none of them owns engine data.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "screen.h"

int
ui_list_key(struct ui_list *l, int key, int page)
{
	size_t	 old = l->sel;

	if (l->n == 0)
		return (UI_IGNORED);
	if (page < 1)
		page = 1;
	switch (key) {
	case KEY_UP:
	case 'k':
		if (l->sel > 0)
			l->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (l->sel + 1 < l->n)
			l->sel++;
		break;
	case KEY_PPAGE:
		l->sel = l->sel > (size_t)page ? l->sel - (size_t)page : 0;
		break;
	case KEY_NPAGE:
		l->sel += (size_t)page;
		break;
	case KEY_HOME:
		l->sel = 0;
		break;
	case KEY_END:
		l->sel = l->n - 1;
		break;
	default:
		return (UI_IGNORED);
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	return (l->sel != old ? UI_HANDLED | UI_REDRAW : UI_HANDLED);
}

void
ui_list_scroll(struct ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->n == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
}

/* Bytes of s that fill at most width columns (UTF-8: one column a glyph). */
static int
ui_clip(const char *s, int width)
{
	int	 i, cols = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && cols++ == width)
			break;
	}
	return (i);
}

void
ui_put(WINDOW *win, int y, int x, int width, enum ui_role r, const char *s)
{
	int	 maxy, maxx, n;

	getmaxyx(win, maxy, maxx);
	if (y < 0 || y >= maxy || x >= maxx)
		return;
	if (width < 0 || x + width > maxx)
		width = maxx - x;
	if (width <= 0)
		return;
	wattrset(win, ui_attr(r));
	n = ui_clip(s, width);
	/* Cut text (not padding) ends in an ellipsis. */
	if (s[n] != '\0' && s[n + strspn(s + n, " ")] != '\0' && width > 1) {
		mvwaddnstr(win, y, x, s, ui_clip(s, width - 1));
		waddstr(win, ui_ascii() ? "~" : "\xe2\x80\xa6");
	} else
		mvwaddnstr(win, y, x, s, n);
	wattrset(win, A_NORMAL);
}

void
ui_putf(WINDOW *win, int y, int x, int width, enum ui_role r,
    const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_put(win, y, x, width, r, buf);
}

int
ui_wrap(WINDOW *win, int y, int x, int width, int rows, enum ui_role r,
    const char *s)
{
	int	 used = 0, n, cut;

	if (width < 8)
		width = 8;
	while (*s != '\0' && used < rows) {
		while (*s == ' ')
			s++;
		n = (int)strlen(s);
		if (n <= width)
			cut = n;
		else {
			for (cut = width; cut > 0 && s[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = width;
		}
		wattrset(win, ui_attr(r));
		mvwaddnstr(win, y + used, x, s, cut);
		wattrset(win, A_NORMAL);
		s += cut;
		used++;
	}
	return (used);
}

void
ui_bar(WINDOW *win, int y, int x, int width, uint64_t num, uint64_t den,
    const struct ui_ctx *c)
{
	int	 fill, i;

	if (width <= 0)
		return;
	if (den == 0)
		fill = 0;
	else if (num >= den)
		fill = width;
	else
		fill = (int)((double)num * width / (double)den);
	wmove(win, y, x);
	for (i = 0; i < width; i++) {
		if (c->ascii) {
			wattrset(win, i < fill ? ui_attr(UR_BAR) | A_BOLD :
			    ui_attr(UR_DIM));
			waddch(win, i < fill ? '#' : '.');
		} else {
			wattrset(win, i < fill ? ui_attr(UR_BAR) :
			    ui_attr(UR_DIM));
			waddstr(win, i < fill ? "\xe2\x96\x88" : "\xe2\x96\x91");
		}
	}
	wattrset(win, A_NORMAL);
}

void
ui_fmt_bytes(char *buf, size_t len, uint64_t n)
{
	if (n >= 10ULL * 1024 * 1024)
		snprintf(buf, len, "%lluM", (unsigned long long)(n >> 20));
	else if (n >= 1024 * 1024)
		snprintf(buf, len, "%.1fM", (double)n / (1024.0 * 1024.0));
	else if (n >= 10 * 1024)
		snprintf(buf, len, "%lluK", (unsigned long long)(n >> 10));
	else if (n >= 1024)
		snprintf(buf, len, "%.1fK", (double)n / 1024.0);
	else
		snprintf(buf, len, "%lluB", (unsigned long long)n);
}

void
ui_fmt_dur(char *buf, size_t len, uint64_t ms)
{
	uint64_t	 s = ms / 1000;

	if (s >= 3600)
		snprintf(buf, len, "%llu:%02llu:%02llu",
		    (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60),
		    (unsigned long long)(s % 60));
	else
		snprintf(buf, len, "%llu:%02llu", (unsigned long long)(s / 60),
		    (unsigned long long)(s % 60));
}

static const char *
file_base(const char *f)
{
	const char	*s = f;

	for (; *f != '\0'; f++) {
		if (*f == '/' || *f == '\\')
			s = f + 1;
	}
	return (s);
}

/* "512K" -> "512K/s" */
static void
strlcat_rate(char *rate, size_t len)
{
	size_t	 n = strlen(rate);

	if (n + 2 < len)
		memcpy(rate + n, "/s", 3);
}

void
ui_xfer_line(WINDOW *win, int y, int x, int width,
    const struct wizard_xfer *t, const struct ui_ctx *c, int namew,
    const char *who)
{
	char		 done[16], size[16], rate[16], eta[24], tail[96];
	uint64_t	 pct = 0, r;
	/* Narrow with a phone column: the MAC's end, and no rate. */
	int		 compact = who != NULL && width < 96;
	int		 barw, whow = who == NULL ? 0 : compact ? 6 : 12, tailw;
	/* Refused at once: no bar, the reason. */
	int		 refused = t->state == WX_FAILED && t->bytes == 0 &&
			    t->started_ms == t->finished_ms;
	enum ui_role	 role = UR_NORMAL;

	ui_fmt_bytes(done, sizeof done, t->bytes);
	if (t->size_known) {
		ui_fmt_bytes(size, sizeof size, t->size);
		pct = t->size == 0 ? 100 : t->bytes * 100 / t->size;
		if (pct > 100)
			pct = 100;
	} else
		strlcpy(size, "?", sizeof size);
	r = wizard_xfer_rate(t, c->now);
	if (r == 0)
		strlcpy(rate, "-", sizeof rate);	/* nothing yet, or too quick */
	else {
		ui_fmt_bytes(rate, sizeof rate, r);
		strlcat_rate(rate, sizeof rate);
	}
	eta[0] = '\0';
	switch (t->state) {
	case WX_RUNNING:
		if (wizard_xfer_eta_ms(t, c->now) != 0) {
			char d[12];
			ui_fmt_dur(d, sizeof d, wizard_xfer_eta_ms(t, c->now));
			snprintf(eta, sizeof eta, "ETA %s", d);
		}
		break;
	case WX_DONE:
		role = UR_OK;
		strlcpy(eta, "done", sizeof eta);
		break;
	case WX_FAILED:
		role = UR_ERROR;
		strlcpy(eta, "failed", sizeof eta);
		break;
	}
	if (refused)
		snprintf(tail, sizeof tail, "%-*s", compact ? 28 : 37,
		    t->code == 1 ?
		    "not found in ROOT" : t->code == 2 ? "access refused" :
		    "refused");
	else if (compact)
		snprintf(tail, sizeof tail, "%3llu%% %6s/%-6s %-9s",
		    (unsigned long long)pct, done, size, eta);
	else
		snprintf(tail, sizeof tail, "%3llu%% %6s/%-6s %8s %-9s",
		    (unsigned long long)pct, done, size, rate, eta);
	tailw = (int)strlen(tail);
	if (namew < 8)
		namew = 8;
	if (namew > width - tailw - whow - 6)
		namew = width - tailw - whow - 6 > 8 ? width - tailw - whow -
		    6 : 8;
	ui_putf(win, y, x, namew, t->state == WX_FAILED ? UR_ERROR : UR_NORMAL,
	    "%-*s", namew, file_base(t->file));
	if (who != NULL)
		ui_putf(win, y, x + namew + 1, whow - 1, UR_DIM, "%-*s",
		    whow - 1, compact && strlen(who) > 5 ? who + strlen(who) -
		    5 : who);
	barw = width - namew - 1 - whow - tailw - 1;
	if (refused)
		barw = 0;
	else if (barw >= 4)
		ui_bar(win, y, x + namew + 1 + whow, barw, t->size_known ?
		    t->bytes : 0, t->size_known ? (t->size == 0 ? 1 : t->size) :
		    1, c);
	else
		barw = 0;
	ui_put(win, y, x + namew + 1 + whow + (barw > 0 ? barw + 1 : 0), tailw,
	    role, tail);
}

/* The line in place of the phones folded away: lines used. */
static int
ui_phone_folded(WINDOW *win, int y, int cols, const struct ui_ctx *c)
{
	size_t	 n = wizard_phones_done(c->w);

	if (n == 0)
		return (0);
	ui_putf(win, y, 1, cols - 2, UR_DIM, "%s %zu done phone%s folded "
	    "away (d shows %s)", c->ascii ? "+" : "\xe2\x96\xb8", n,
	    n == 1 ? "" : "s", n == 1 ? "it" : "them");
	return (1);
}

int
ui_phone_table(WINDOW *win, int y, int rows, const struct ui_ctx *c,
    struct ui_list *l)
{
	const struct wizard_phone	*p;
	int				 cols = getmaxx(win), used = 0;
	size_t				 i;
	char				 el[16], ph[40];

	l->n = wizard_phone_count(c->w);
	ui_putf(win, y, 1, cols - 2, UR_HEAD, "%-8s %-17s %-15s %-20s %8s",
	    "Model", "MAC", "IP", "Phase", "Elapsed");
	used++;
	if (l->n == 0) {
		ui_put(win, y + 1, 1, cols - 2, UR_DIM,
		    "No phone yet: a phone shows up here once it asks for an "
		    "address.");
		return (2);
	}
	ui_list_scroll(l, rows - 1);
	for (i = l->top; i < l->n && used < rows; i++) {
		enum ui_role r;
		p = wizard_phone_at(c->w, i);
		if (l->fold_done && p->done)
			continue;
		/* A phone back up or failed: its clock stops there. */
		ui_fmt_dur(el, sizeof el, (p->done || p->phase == SNIFF_PHASE_FAILED ?
		    p->phase_ms : c->now) - p->first_ms);
		if (p->done)
			snprintf(ph, sizeof ph, "%s %s", c->ascii ? "[ok]" :
			    "\xe2\x9c\x94", "done");
		else
			snprintf(ph, sizeof ph, "%s", wizard_phase_name(p->phase));
		r = p->done ? UR_OK : p->phase == SNIFF_PHASE_FAILED ? UR_ERROR :
		    UR_NORMAL;
		ui_putf(win, y + used, 1, cols - 2, i == l->sel && l->n > 1 ?
		    UR_SEL : UR_NORMAL, "%-8s %-17s %-15s ",
		    p->model[0] != '\0' ? p->model : "?", p->mac,
		    p->ip[0] != '\0' ? p->ip : "-");
		ui_putf(win, y + used, 44, cols - 45, r, "%-20s %8s", ph, el);
		used++;
		if (p->plan[0] != '\0' && used < rows) {
			char	 plan[256];

			wizard_phone_plan_line(p, c->ascii, plan, sizeof plan);
			ui_put(win, y + used++, 3, cols - 4, p->done ? UR_DIM :
			    UR_NORMAL, plan);
		}
		if (p->problem[0] != '\0' && used < rows) {
			ui_put(win, y + used, 3, 2, UR_WARN, c->ascii ? "!" :
			    "\xe2\x9a\xa0");
			used += ui_wrap(win, y + used, 5, cols - 6,
			    rows - used < 2 ? rows - used : 2, UR_WARN,
			    p->problem);
		}
	}
	if (l->fold_done && used < rows)
		used += ui_phone_folded(win, y + used, cols, c);
	return (used);
}

void
ui_log_pane(WINDOW *win, const struct ui_ctx *c)
{
	const struct wizard_log	*l;
	int			 rows, cols, i, y;
	size_t			 n = wizard_log_count(c->w), first;
	enum ui_role		 r;

	getmaxyx(win, rows, cols);
	werase(win);
	wattrset(win, ui_attr(UR_DIM));
	wmove(win, 0, 0);
	for (i = 0; i < cols; i++) {
		if (c->ascii)
			waddch(win, '-');
		else
			waddstr(win, "\xe2\x94\x80");
	}
	mvwaddstr(win, 0, 2, " log ");
	wattrset(win, A_NORMAL);
	first = n > (size_t)(rows - 1) ? n - (size_t)(rows - 1) : 0;
	for (y = 1; first < n && y < rows; first++, y++) {
		l = wizard_log_at(c->w, first);
		r = l->kind == WLOG_EXPECTED ? UR_DIM : l->kind == WLOG_WARN ?
		    UR_WARN : l->kind == WLOG_ERROR ? UR_ERROR : UR_NORMAL;
		ui_putf(win, y, 1, cols - 2, r, "%s%s",
		    l->kind == WLOG_EXPECTED ? "(expected) " : "", l->text);
	}
}

void
ui_status_line(WINDOW *win, const char *hints, const char *msg)
{
	int	 cols = getmaxx(win), hl = (int)strlen(hints);

	wbkgdset(win, ' ' | ui_attr(UR_TITLE));
	werase(win);
	if (msg != NULL && msg[0] != '\0') {
		wattrset(win, ui_attr(UR_TITLE) | A_BOLD);
		mvwaddnstr(win, 0, 1, msg, cols - 2);
		if ((int)strlen(msg) + hl + 4 < cols) {
			wattrset(win, ui_attr(UR_TITLE));
			mvwaddstr(win, 0, cols - hl - 1, hints);
		}
	} else {
		wattrset(win, ui_attr(UR_TITLE));
		mvwaddnstr(win, 0, 1, hints, cols - 2);
	}
	wattrset(win, A_NORMAL);
}

void
ui_help_overlay(WINDOW *win, const struct ui_ctx *c)
{
	static const char *const lines[] = {
		"Keys everywhere",
		"  Tab, n     next step          b, Esc   back a step",
		"  1 .. 5     jump to a step     q        quit",
		"  Up, Down   move in a list     ?, F1    this help",
		"",
		"Steps",
		"  1 Network  the port to the phones (Enter; F forces;",
		"             s stops serving, asked first mid-flash)",
		"  2 Firmware import a firmware archive (i types a path,",
		"             o browses)",
		"  3 Config   what XMLDefault serves; w writes a SEP file",
		"  4 Keypad   the phone's recovery: g, t/f typed, m model",
		"  5 Live     each phone, file, problem (a: all files);",
		"             DHCP stopped for another server: c checks",
		"             again, F serves anyway (asks first)",
		"",
		"Dimmed log lines are expected misses (CTL/ITL files, no",
		"SEP config): nothing to fix.",
		"",
		"Press any key to close.",
	};
	int	 rows, cols, i;

	getmaxyx(win, rows, cols);
	werase(win);
	if (c->ascii)
		wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		box(win, 0, 0);
	ui_put(win, 0, 2, cols - 4, UR_HEAD, " Help ");
	for (i = 0; i < (int)(sizeof lines / sizeof lines[0]) && i + 1 < rows - 1;
	    i++)
		ui_put(win, i + 1, 2, cols - 4, i == 0 || i == 5 ? UR_HEAD :
		    UR_NORMAL, lines[i]);
}
