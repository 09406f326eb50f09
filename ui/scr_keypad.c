/*
 * Step 4, keypad guidance for one model (from data/models.tsv through
 * model.h): unplug, hold #, what the lights do when it is time to let go,
 * the two codes as two paths (the user says which was typed), a 60 s
 * countdown for the entry window (Cisco's admin guides, in
 * shared/domain/cisco-phones.md 1.1), the power-brick note, and after the
 * code a patience timer that escalates per model and code.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "screen.h"
#include "xmalloc.h"

struct keypad {
	struct ui_list	 phones;
	int		 choosing;	/* typing a model name to filter */
	char		 filter[16];
	uint64_t	 polled;	/* last look at the link (carrier) */
};

/*
 * How long to be patient after a code, per model and code, before the
 * screen asks the technician to check the link, and before it says to
 * start again.  The reset restarts the phone at once (the 7941/7961
 * bootloaders are slow: twice as long); the flash format leaves it dead
 * for 5+ minutes (shared/domain/cisco-phones.md 1.1), field reports say
 * up to an hour or two, and unplugging it then is safe: it resumes the
 * format when served (seed 000, "it's incredibly resilient").
 */
struct patience {
	uint64_t	 check_ms;	/* no sign yet: check the link */
	uint64_t	 again_ms;	/* start again */
};

static struct patience
keypad_patience(const struct model *m, int format)
{
	struct patience	 p;
	int		 slow = strncmp(m->name, "7941", 4) == 0 ||
			    strncmp(m->name, "7961", 4) == 0;

	if (format) {
		p.check_ms = 10 * 60000;
		p.again_ms = 120 * 60000;
	} else {
		p.check_ms = (slow ? 4 : 2) * 60000;
		p.again_ms = (slow ? 12 : 6) * 60000;
	}
	return (p);
}

/* Does the model have the power-on hold-# procedure? */
static int
keypad_holds(const struct model *m)
{
	return (m->reset[0] != '\0');
}

static void
keypad_enter(struct screen *s)
{
	if (s->data == NULL)
		s->data = xcalloc(1, sizeof(struct keypad));
}

static int
keypad_ticking(struct screen *s)
{
	return (wizard_keypad_state(s->ctx->w) != WKP_PREPARE);
}

/* Step to the next (dir 1) or previous (-1) model that has a key sequence. */
static void
keypad_cycle(struct wizard *w, int dir)
{
	const struct model	*cur = model_find(wizard_model(w)), *m;
	size_t			 n = model_count(), i, at = 0;

	for (i = 0; i < n; i++) {
		if (model_at(i) == cur)
			at = i;
	}
	for (i = 1; i <= n; i++) {
		m = model_at((size_t)(((long)at + (long)n + dir * (long)i) %
		    (long)n));
		if (m->reset[0] != '\0' || m->leds_hold[0] != '\0') {
			wizard_cmd_set_model(w, m->name);
			return;
		}
	}
}

/* The models whose name holds the typed filter, as "7941 7941-GE ...". */
static size_t
keypad_matches(const char *filter, char *buf, size_t len,
    const struct model **first)
{
	const struct model	*m;
	size_t			 i, n = 0, off = 0;

	*first = NULL;
	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < model_count(); i++) {
		m = model_at(i);
		if (strstr(m->name, filter) == NULL)
			continue;
		if (*first == NULL || strcmp(m->name, filter) == 0)
			*first = m;
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
			    n > 0 ? " " : "", m->name);
		n++;
	}
	return (n);
}

/*
 * Is the serving interface's link down?  What the interface list last
 * said; looked at again (every 10 s) only once the phone is overdue, so
 * a recovery that goes well never waits on an interface dump.
 */
static int
keypad_no_carrier(struct keypad *kp, const struct ui_ctx *c, int overdue)
{
	const struct wizard_iface	*it;
	size_t				 i;

	if (!wizard_engines_running(c->w))
		return (0);
	if (overdue && (kp->polled == 0 || c->now - kp->polled >= 10000)) {
		kp->polled = c->now;
		wizard_cmd_refresh_ifaces(c->w);
	}
	for (i = 0; i < wizard_iface_count(c->w); i++) {
		it = wizard_iface_at(c->w, i);
		if (strcmp(it->name, wizard_iface_name(c->w)) == 0)
			return (!it->carrier);
	}
	return (0);
}

/* What to say after the code, on the timeline of this model and code. */
static void
keypad_wait_text(struct keypad *kp, const struct ui_ctx *c,
    const struct model *m, WINDOW *win, int *y, int cols, int rows)
{
	struct wizard	*w = c->w;
	int		 format = wizard_keypad_format(w);
	uint64_t	 ms = wizard_keypad_ms(w, c->now);
	struct patience	 pt = keypad_patience(m, format);
	char		 d[16], buf[512];

	ui_fmt_dur(d, sizeof d, ms);
	ui_putf(win, (*y)++, 1, cols - 2, UR_HEAD, "Typed %s ago (%s %s): %s",
	    d, format ? "flash format" : "factory reset", format ?
	    m->hard_reset : m->reset, format ? "it looks dead for 5+ minutes." :
	    "it restarts at once.");
	ui_put(win, (*y)++, 1, cols - 2, UR_WARN, "Do not unplug or power off "
	    "the phone until it is back up.");
	if (keypad_no_carrier(kp, c, ms >= pt.check_ms &&
	    wizard_phone_count(w) == 0)) {
		snprintf(buf, sizeof buf, "No link on %s: the cable is out, or "
		    "the phone (or its power brick) is off.  Check the cable "
		    "and the port's link light.", wizard_iface_name(w));
		*y += ui_wrap(win, *y, 1, cols - 2, rows - *y, UR_ERROR, buf);
		return;
	}
	if (wizard_phone_count(w) > 0) {
		ui_put(win, (*y)++, 1, cols - 2, UR_OK, "The phone is alive: "
		    "see below.  n: the live view.");
		return;
	}
	if (ms < pt.check_ms)
		snprintf(buf, sizeof buf, "%s", format ? "It shows up once it "
		    "asks for an address.  Until then: no lights, a black "
		    "screen while it formats its flash; field reports say up "
		    "to an hour or two." :
		    "It shows up once it asks for an address: within a minute "
		    "or two.");
	else if (ms < pt.again_ms)
		snprintf(buf, sizeof buf, "No sign of the phone yet: check the "
		    "cable, the port's link light, the power.%s", format ?
		    "  A format can take an hour or more: leave it powered." :
		    "");
	else
		snprintf(buf, sizeof buf, "%s", format ? "Still no sign after "
		    "two hours.  Unplugging is safe now (it resumes the format "
		    "when it is served again): start again from step 1." :
		    "Still no sign: the code did not take (a mistyped digit "
		    "just restarts the phone without flashing).  Unplug it and "
		    "start again from step 1.");
	*y += ui_wrap(win, *y, 1, cols - 2, rows - *y, ms < pt.check_ms ?
	    UR_NORMAL : UR_WARN, buf);
}

/* The steps, numbered as shown: no gaps for steps a model lacks. */
static int
keypad_steps(WINDOW *win, int y, int width, const struct model *m)
{
	int	 n = 0;

	ui_putf(win, y, 1, 3, UR_OK, "%d.", ++n);
	ui_put(win, y++, 4, width, UR_NORMAL,
	    "Unplug the phone (power or the PoE cable).");
	ui_putf(win, y, 1, 3, UR_OK, "%d.", ++n);
	y += ui_wrap(win, y, 4, width, 2, UR_NORMAL, "Hold # and plug "
	    "it back in; keep holding # (a minute or more).");
	if (m->leds_hold[0] != '\0') {
		ui_putf(win, y, 1, 3, UR_OK, "%d.", ++n);
		y += ui_wrap(win, y, 4, width, 2, UR_NORMAL, m->leds_hold);
	}
	ui_putf(win, y, 1, 3, UR_OK, "%d.", ++n);
	ui_putf(win, y++, 4, width, UR_NORMAL, "Type %s   factory "
	    "reset: try this first (t once typed)", m->reset);
	if (m->hard_reset[0] != '\0')
		ui_putf(win, y++, 4, width, UR_NORMAL, "  or %s   flash "
		    "format: when the reset is not enough (f)", m->hard_reset);
	ui_put(win, y++, 4, width, UR_DIM, "A wrong digit just restarts "
	    "it unflashed: start again.");
	if (m->leds_ok[0] != '\0') {
		ui_putf(win, y, 1, 3, UR_OK, "%d.", ++n);
		y += ui_wrap(win, y, 4, width, 2, UR_NORMAL, m->leds_ok);
	}
	return (y);
}

static void
keypad_draw(struct screen *s, WINDOW *win)
{
	struct keypad		*kp = s->data;
	const struct ui_ctx	*c = s->ctx;
	struct wizard		*w = c->w;
	const struct model	*m = model_find(wizard_model(w)), *f;
	const struct wizard_phone *ph;
	int			 rows, cols, y = 0, width;
	uint64_t		 ms;
	char			 d[16], list[512];
	size_t			 i;

	getmaxyx(win, rows, cols);
	width = cols - 6;
	if (m == NULL)
		return;
	ui_putf(win, y, 1, cols - 2, UR_HEAD, "Recover a Cisco %s", m->name);
	ui_put(win, y++, cols - 27 > 30 ? cols - 27 : 40, 26, UR_DIM,
	    kp->choosing ? "" : "(m or Left/Right: model)");
	if (kp->choosing) {
		size_t k = keypad_matches(kp->filter, list, sizeof list, &f);
		ui_putf(win, y++, 1, cols - 2, UR_SEL, "Model: %s_", kp->filter);
		ui_putf(win, y++, 3, cols - 4, k > 0 ? UR_NORMAL : UR_ERROR,
		    "%s", k > 0 ? list : "no model has that in its name");
		ui_put(win, y++, 3, cols - 4, UR_DIM, "Enter takes the first "
		    "(or the exact) match, Esc keeps the model.");
		return;
	}
	/* A seen phone of this model: say so (it chose the model). */
	for (i = 0; i < wizard_phone_count(w); i++) {
		ph = wizard_phone_at(w, i);
		if (model_find(ph->model) == m) {
			ui_putf(win, y++, 1, cols - 2, UR_DIM, "(the phone seen, "
			    "%s, reports this model)", ph->mac);
			break;
		}
	}
	if (i == wizard_phone_count(w) && rows >= 20)
		y++;
	if (wizard_keypad_state(w) == WKP_WAIT) {
		keypad_wait_text(kp, c, m, win, &y, cols, rows);
		if (m->leds_ok[0] != '\0' && !wizard_keypad_format(w))
			y += ui_wrap(win, y, 1, cols - 2, 2, UR_NORMAL,
			    m->leds_ok);
	} else if (!keypad_holds(m)) {
		y += ui_wrap(win, y, 3, width, 3, UR_NORMAL,
		    m->leds_hold[0] != '\0' ? m->leds_hold :
		    "This model has no keypad recovery: it fetches its load "
		    "when it boots on this network.");
	} else
		y = keypad_steps(win, y, width, m);
	if (m->power[0] != '\0' && wizard_keypad_state(w) != WKP_WAIT)
		y += ui_wrap(win, y, 1, cols - 2, 3, UR_WARN, m->power);
	if (rows >= 20)
		y++;
	ms = wizard_keypad_ms(w, c->now);
	switch (wizard_keypad_state(w)) {
	case WKP_PREPARE:
		if (keypad_holds(m))
			ui_put(win, y++, 1, cols - 2, UR_HEAD, "Press g when the "
			    "lights say let go of #: the 60 s window starts.");
		else
			ui_put(win, y++, 1, cols - 2, UR_HEAD, "Then plug it into "
			    "this network and watch below (n: the live view).");
		break;
	case WKP_ENTRY:
		ui_fmt_dur(d, sizeof d, ms + 999);
		if (ms == 0) {
			ui_put(win, y++, 1, cols - 2, UR_ERROR, "The 60 s window "
			    "closed: unplug and start again (g restarts).");
			break;
		}
		ui_putf(win, y, 1, 28, UR_WARN, "Type it now: %s left", d);
		ui_bar(win, y++, 30, cols - 32 > 40 ? 40 : cols - 32, ms,
		    WIZ_KEYPAD_WINDOW_MS, c);
		ui_putf(win, y++, 1, cols - 2, UR_NORMAL, "Press t once %s is "
		    "typed%s.", m->reset, m->hard_reset[0] != '\0' ?
		    ", f once the format code is" : "");
		break;
	case WKP_WAIT:
		break;
	}
	y++;
	if (y < rows - 1)
		ui_phone_table(win, y, rows - y, c, &kp->phones);
}

/* Typing a model name: the list narrows; Enter takes it. */
static int
keypad_choose_key(struct screen *s, struct keypad *kp, int key)
{
	const struct model	*f;
	char			 list[512];
	size_t			 n = strlen(kp->filter);

	switch (key) {
	case 27:
		kp->choosing = 0;
		s->ctx->input = 0;
		break;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (keypad_matches(kp->filter, list, sizeof list, &f) > 0)
			wizard_cmd_set_model(s->ctx->w, f->name);
		kp->choosing = 0;
		s->ctx->input = 0;
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (n > 0)
			kp->filter[n - 1] = '\0';
		break;
	default:
		if (key >= 32 && key < 127 && n + 1 < sizeof kp->filter) {
			kp->filter[n] = (char)(key >= 'a' && key <= 'z' ?
			    key - 32 : key);
			kp->filter[n + 1] = '\0';
		}
		break;
	}
	return (UI_HANDLED | UI_REDRAW);
}

static int
keypad_key(struct screen *s, int key)
{
	struct keypad	*kp = s->data;
	struct wizard	*w = s->ctx->w;

	if (kp->choosing)
		return (keypad_choose_key(s, kp, key));
	switch (key) {
	case 'm':
	case '/':
		kp->choosing = 1;
		kp->filter[0] = '\0';
		s->ctx->input = 1;
		return (UI_HANDLED | UI_REDRAW);
	case KEY_LEFT:
	case 'h':
		keypad_cycle(w, -1);
		return (UI_HANDLED | UI_REDRAW);
	case KEY_RIGHT:
	case 'l':
		keypad_cycle(w, 1);
		return (UI_HANDLED | UI_REDRAW);
	case 'g':
	case ' ':
		wizard_cmd_keypad_go(w);
		return (UI_HANDLED | UI_REDRAW);
	case 't':
		wizard_cmd_keypad_typed_code(w, 0);
		return (UI_HANDLED | UI_REDRAW);
	case 'f':
		wizard_cmd_keypad_typed_code(w, 1);
		return (UI_HANDLED | UI_REDRAW);
	case '\r':
	case '\n':
	case KEY_ENTER:
		wizard_cmd_next(w);
		return (UI_HANDLED | UI_REDRAW);
	default:
		return (UI_IGNORED);
	}
}

const struct screen_ops scr_keypad_ops = {
	.name = "keypad",
	.step = WIZ_KEYPAD,
	.hints = "g lights cue  t/f typed  m model  n next  ? help",
	.enter = keypad_enter,
	.draw = keypad_draw,
	.key = keypad_key,
	.ticking = keypad_ticking,
};
