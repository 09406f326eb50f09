/*
 * Step 5, live recovery: a row per phone, a progress bar per file in
 * flight, finished phones marked done, and problems in plain words with
 * what to do.  Also shown for the done and failed ends of the flow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "screen.h"
#include "xmalloc.h"

struct live {
	struct ui_list	 phones;
	int		 asking;	/* "serve anyway?" waits for y or n */
	int		 filter;	/* files of the selected phone only */
};

/* "7970 bb:cc", the phone a transfer is for, in 11 columns. */
static void
live_who(struct wizard *w, const struct wizard_xfer *x, char *buf, size_t len)
{
	const struct wizard_phone	*p;
	size_t				 i, n;

	for (i = 0; i < wizard_phone_count(w); i++) {
		p = wizard_phone_at(w, i);
		if (x->mac[0] != '\0' && strcasecmp(p->mac, x->mac) == 0) {
			n = strlen(p->mac);
			snprintf(buf, len, "%.5s %s", p->model[0] != '\0' ?
			    p->model : "?", n > 5 ? p->mac + n - 5 : p->mac);
			return;
		}
	}
	snprintf(buf, len, "%.*s", (int)strcspn(x->client, ":"), x->client);
}

/* Does transfer x belong in the list (all, or the selected phone's)? */
static int
live_shows(const struct live *lv, struct wizard *w, const struct wizard_xfer *x)
{
	const struct wizard_phone	*p;

	if (!lv->filter || (p = wizard_phone_at(w, lv->phones.sel)) == NULL)
		return (1);
	return (x->mac[0] != '\0' && strcasecmp(p->mac, x->mac) == 0);
}

static void
live_enter(struct screen *s)
{
	if (s->data == NULL)
		s->data = xcalloc(1, sizeof(struct live));
}

static int
live_ticking(struct screen *s)
{
	(void)s;
	return (1);
}

/* Is a problem already shown on its phone's row? */
static int
live_on_row(struct wizard *w, const struct wizard_problem *p)
{
	const struct wizard_phone	*ph;
	size_t				 i;

	if (p->mac[0] == '\0')
		return (0);
	for (i = 0; i < wizard_phone_count(w); i++) {
		ph = wizard_phone_at(w, i);
		if (strcmp(ph->mac, p->mac) == 0)
			return (strcmp(ph->problem, p->text) == 0);
	}
	return (0);
}

/*
 * The DHCP guard: the other server, what it offered, and the two ways on
 * (check again once it is unplugged; serve anyway, asked first).  Lines
 * used.
 */
static int
live_guard(WINDOW *win, int y, int cols, const struct live *lv,
    const struct wizard_guard *g)
{
	const char	*who = g->server[0] != '\0' ? g->server : "?";
	int		 y0 = y;

	if (g->forced) {
		ui_putf(win, y++, 1, cols - 2, UR_WARN, "Serving DHCP anyway "
		    "next to the other DHCP server %s (as asked).", who);
		return (y - y0);
	}
	ui_putf(win, y++, 1, cols - 2, UR_ERROR, "DHCP STOPPED: another "
	    "DHCP server answers on this cable.");
	ui_putf(win, y++, 3, cols - 4, UR_ERROR, "%s  %s%s%s", who,
	    g->mac[0] != '\0' ? g->mac : "", g->offered[0] != '\0' ?
	    "  offered " : "", g->offered);
	if (lv->asking)
		ui_putf(win, y++, 3, cols - 4, UR_WARN, "Serve anyway? Phones "
		    "may take its addresses.  y serve anyway  n no");
	else if (g->checking)
		ui_put(win, y++, 3, cols - 4, UR_DIM, "Checking again ...");
	else
		ui_put(win, y++, 3, cols - 4, UR_NORMAL, "Unplug it, then c "
		    "check again;  F serve anyway");
	return (y - y0);
}

/*
 * The bench at the top (issue 21): "4 seen: 2 back up, 1 flashing, 1
 * failed", then the phones on their way in other phases, if any.
 * Returns the role to draw it in.
 */
static enum ui_role
live_counts(struct wizard *w, char *buf, size_t len)
{
	static const struct {
		const char	*word;
		enum sniff_phase lo, hi;
	} kinds[] = {
		{ "rebooting", SNIFF_PHASE_REBOOTING, SNIFF_PHASE_REBOOTING },
		{ "asking for its config", SNIFF_PHASE_REQUESTING_CONFIG,
		    SNIFF_PHASE_REQUESTING_CONFIG },
		{ "getting an address", SNIFF_PHASE_LINK_UP, SNIFF_PHASE_GOT_IP },
	};
	const struct wizard_phone	*p;
	struct wizard_bench		 b;
	size_t				 n = wizard_phone_count(w), i, k, c;
	size_t				 off, queued = 0;

	wizard_bench_counts(w, &b);
	for (i = 0; i < n; i++)
		queued += !wizard_phone_at(w, i)->done &&
		    wizard_phone_at(w, i)->queued;
	off = (size_t)snprintf(buf, len, "%zu seen: %zu back up, %zu "
	    "flashing, %zu failed", b.seen, b.up, b.flashing, b.failed);
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (i = 0, c = 0; i < n; i++) {
			p = wizard_phone_at(w, i);
			c += !p->done && !p->queued &&
			    p->phase >= kinds[k].lo && p->phase <= kinds[k].hi;
		}
		if (c > 0 && off < len)
			off += (size_t)snprintf(buf + off, len - off, ", %zu %s",
			    c, c == 1 || k != 1 ? kinds[k].word :
			    "asking for their config");
	}
	if (queued > 0 && off < len)
		off += (size_t)snprintf(buf + off, len - off, ", %zu queued",
		    queued);
	return (b.failed > 0 ? UR_WARN : b.up == n ? UR_OK : UR_NORMAL);
}

/* The head: serving, done or failed; a link down; the guard; the counts. */
static int
live_status(WINDOW *win, int y, int cols, struct live *lv,
    const struct ui_ctx *c)
{
	struct wizard			*w = c->w;
	char				 counts[160];
	enum ui_role			 cr;
	uint64_t			 down_ms;

	switch (wizard_step(w)) {
	case WIZ_DONE:
		if (wizard_phones_done(w) == 1)
			ui_putf(win, y++, 1, cols - 2, UR_OK, "%s The phone is "
			    "back up.  Plug in the next one, or q to quit.",
			    c->ascii ? "[ok]" : "\xe2\x9c\x94");
		else
			ui_putf(win, y++, 1, cols - 2, UR_OK, "%s All %zu "
			    "phones are back up.  Plug in the next one, or q "
			    "to quit.", c->ascii ? "[ok]" : "\xe2\x9c\x94",
			    wizard_phones_done(w));
		break;
	case WIZ_FAILED:
		y += ui_wrap(win, y, 1, cols - 2, 2, UR_ERROR, wizard_failure(w));
		break;
	default:
		if (wizard_serving_text(w)[0] != '\0')
			ui_putf(win, y++, 1, cols - 2, UR_NORMAL,
			    "Serving on %s, files from %s",
			    wizard_serving_text(w), wizard_root(w));
		else
			ui_putf(win, y++, 1, cols - 2, UR_DIM,
			    "Starting the engines on %s ...",
			    wizard_iface_name(w));
		break;
	}
	if (wizard_link_down(w, &down_ms) && wizard_step(w) != WIZ_FAILED)
		ui_putf(win, y++, 1, cols - 2, UR_WARN, "Link down since "
		    "%u:%02u: a rebooting phone drops it for a few seconds; "
		    "else check the cable", (unsigned)(down_ms / 60000),
		    (unsigned)(down_ms / 1000 % 60));
	if (wizard_guard(w)->stopped || wizard_guard(w)->forced)
		y += live_guard(win, y, cols, lv, wizard_guard(w));
	/* Where every phone is, in place of the blank line (never on DONE). */
	if (wizard_phone_count(w) > 0 && wizard_step(w) != WIZ_DONE) {
		cr = live_counts(w, counts, sizeof counts);
		ui_put(win, y, 1, cols - 2, cr, counts);
	}
	return (y + 1);
}

/*
 * The files shown (all, or the selected phone's) into shown_x, and the
 * width of their names; the count, *running of them in flight.
 */
static size_t
live_pick(struct live *lv, struct wizard *w, int cols,
    size_t shown_x[WIZ_MAX_XFERS], size_t *running, int *namew)
{
	const struct wizard_xfer	*x;
	size_t				 i, nx = 0, bl;

	*running = 0;
	*namew = 21;
	for (i = 0; i < wizard_xfer_count(w); i++) {
		x = wizard_xfer_at(w, i);
		if (!live_shows(lv, w, x))
			continue;
		if (nx < WIZ_MAX_XFERS)
			shown_x[nx++] = i;
		*running += x->state == WX_RUNNING;
		bl = strlen(x->file) - (size_t)(strrchr(x->file, '/') != NULL ?
		    strrchr(x->file, '/') - x->file + 1 : 0);
		if ((int)bl > *namew)
			*namew = (int)bl;
	}
	if (*namew > cols / 3)
		*namew = cols / 3 > 21 ? cols / 3 : 21;
	return (nx);
}

static void
live_draw(struct screen *s, WINDOW *win)
{
	struct live			*lv = s->data;
	const struct ui_ctx		*c = s->ctx;
	struct wizard			*w = c->w;
	const struct wizard_xfer	*x;
	const struct wizard_problem	*p;
	int				 rows, cols, y, left, n, shown;
	size_t				 i, nx, running, first, np;
	char				 who[24];
	const struct wizard_phone	*ph;
	size_t				 shown_x[WIZ_MAX_XFERS];
	int				 namew, many;

	getmaxyx(win, rows, cols);
	y = live_status(win, 0, cols, lv, c);
	n = ui_phone_table(win, y, rows / 2 - 1, c, &lv->phones);
	y += n + 1;

	nx = live_pick(lv, w, cols, shown_x, &running, &namew);
	many = wizard_phone_count(w) > 1 && !lv->filter;
	/* Problems on a phone's row are not repeated below. */
	for (i = 0, np = 0; i < wizard_problem_count(w); i++)
		np += !live_on_row(w, wizard_problem_at(w, i));
	left = rows - y - 1;
	if (np > 0)
		left -= 2 + (int)(np > 2 ? 6 : 3 * np);
	if (left < 2)
		left = 2;
	if (lv->filter && (ph = wizard_phone_at(w, lv->phones.sel)) != NULL)
		ui_putf(win, y++, 1, cols - 2, UR_HEAD, "Files of %s %s  (%zu "
		    "in flight, %zu sent or failed; a: all phones)", ph->model[0]
		    != '\0' ? ph->model : "phone", ph->mac, running, nx -
		    running);
	else
		ui_putf(win, y++, 1, cols - 2, UR_HEAD, "Files  (%zu in flight, "
		    "%zu sent or failed%s)", running, nx - running,
		    wizard_phone_count(w) > 1 ? "; Up/Down: one phone's" : "");
	if (nx == 0)
		ui_put(win, y++, 3, cols - 4, UR_DIM, "nothing asked for yet");
	/* The newest transfers that fit, oldest of them first. */
	first = nx > (size_t)left ? nx - (size_t)left : 0;
	for (shown = 0, i = first; i < nx && y < rows; i++, shown++) {
		x = wizard_xfer_at(w, shown_x[i]);
		if (many)
			live_who(w, x, who, sizeof who);
		ui_xfer_line(win, y++, 3, cols - 4, x, c, namew, many ? who :
		    NULL);
	}
	if (np == 0 || y + 1 >= rows)
		return;
	y++;
	ui_put(win, y++, 1, cols - 2, UR_HEAD, "Problems on the link");
	for (i = wizard_problem_count(w); i > 0 && y < rows; i--) {
		p = wizard_problem_at(w, i - 1);
		if (!live_on_row(w, p))
			y += ui_wrap(win, y, 3, cols - 4, rows - y, UR_WARN,
			    p->text);
	}
}

/* Folded: keep the selection off the hidden (done) phones, going dir. */
static void
live_unfold_sel(struct live *lv, struct wizard *w, int dir)
{
	const struct wizard_phone	*p;
	size_t				 i = lv->phones.sel, n;

	n = wizard_phone_count(w);
	if (!lv->phones.fold_done)
		return;
	while (i < n && (p = wizard_phone_at(w, i)) != NULL && p->done) {
		if (dir < 0 && i == 0)
			dir = 1;	/* none above: look below */
		else if (dir > 0 && i + 1 >= n)
			return;		/* all below are done too */
		i = (size_t)((long)i + dir);
	}
	if (i < n)
		lv->phones.sel = i;
}

static int
live_key(struct screen *s, int key)
{
	struct live		*lv = s->data;
	struct wizard		*w = s->ctx->w;
	const struct wizard_guard *g = wizard_guard(w);
	int			 r;

	if (lv->asking) {
		/* The --force decision: only y takes it. */
		lv->asking = 0;
		if ((key == 'y' || key == 'Y') && g->stopped)
			wizard_cmd_dhcp_force(w);
		return (UI_HANDLED | UI_REDRAW);
	}
	if (g->stopped && key == 'F') {
		lv->asking = 1;
		return (UI_HANDLED | UI_REDRAW);
	}
	if (g->stopped && key == 'c') {
		wizard_cmd_dhcp_check(w);
		return (UI_HANDLED | UI_REDRAW);
	}
	if (key == 'a') {
		lv->filter = 0;
		return (UI_HANDLED | UI_REDRAW);
	}
	if (key == 'd') {
		lv->phones.fold_done = !lv->phones.fold_done;
		live_unfold_sel(lv, w, 1);
		return (UI_HANDLED | UI_REDRAW);
	}
	r = ui_list_key(&lv->phones, key, 5);
	if (r != UI_IGNORED)
		live_unfold_sel(lv, w, key == KEY_UP || key == KEY_PPAGE ||
		    key == KEY_END ? -1 : 1);
	/* Choosing a phone (of several) shows its files only. */
	if (r != UI_IGNORED && wizard_phone_count(w) > 1)
		lv->filter = 1;
	return (r);
}

const struct screen_ops scr_live_ops = {
	.name = "live",
	.step = WIZ_SERVING,
	.hints = "Up/Down phones  a all  d fold done  b back  ? help  q quit",
	.enter = live_enter,
	.draw = live_draw,
	.key = live_key,
	.ticking = live_ticking,
};
