/*
 * Step 4, keypad guidance for one model (from data/models.tsv through
 * model.h): unplug, hold #, what the lights do when it is time to let go,
 * the sequence to type and when to use which, a 60 s countdown for the
 * entry window, the power-brick note, and a patience timer afterwards.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "screen.h"
#include "xmalloc.h"

struct keypad {
	struct ui_list	 phones;
};

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

static void
keypad_draw(struct screen *s, WINDOW *win)
{
	struct keypad		*kp = s->data;
	const struct ui_ctx	*c = s->ctx;
	struct wizard		*w = c->w;
	const struct model	*m = model_find(wizard_model(w));
	int			 rows, cols, y = 0, width;
	uint64_t		 ms;
	char			 d[16];

	getmaxyx(win, rows, cols);
	width = cols - 6;
	if (m == NULL)
		return;
	ui_putf(win, y, 1, cols - 2, UR_HEAD, "Recover a Cisco %s", m->name);
	ui_put(win, y++, cols - 27 > 30 ? cols - 27 : 40, 26, UR_DIM,
	    "(Left/Right: other model)");
	y++;
	if (wizard_keypad_state(w) == WKP_WAIT) {
		/* Typed: the steps are behind; the phones below matter now. */
		ui_putf(win, y++, 1, cols - 2, UR_NORMAL, "Sequence typed "
		    "(%s, or %s for a full format).", m->reset[0] != '\0' ?
		    m->reset : "-", m->hard_reset[0] != '\0' ? m->hard_reset :
		    "-");
		if (m->leds_ok[0] != '\0')
			y += ui_wrap(win, y, 1, cols - 2, 2, UR_NORMAL,
			    m->leds_ok);
	} else if (m->reset[0] == '\0') {
		y += ui_wrap(win, y, 3, width, 3, UR_NORMAL,
		    m->leds_hold[0] != '\0' ? m->leds_hold :
		    "This model has no keypad recovery: it fetches its load "
		    "when it boots on this network.");
	} else {
		ui_put(win, y++, 1, 3, UR_OK, "1.");
		ui_put(win, y - 1, 4, width, UR_NORMAL,
		    "Unplug the phone (power or the PoE cable).");
		ui_put(win, y++, 1, 3, UR_OK, "2.");
		ui_put(win, y - 1, 4, width, UR_NORMAL,
		    "Hold # and plug it back in. Keep holding #.");
		ui_put(win, y, 1, 3, UR_OK, "3.");
		y += ui_wrap(win, y, 4, width, 2, UR_NORMAL, m->leds_hold);
		ui_put(win, y, 1, 3, UR_OK, "4.");
		ui_putf(win, y++, 4, width, UR_NORMAL, "Type %s   factory "
		    "reset: try this first", m->reset);
		if (m->hard_reset[0] != '\0')
			ui_putf(win, y++, 4, width, UR_NORMAL, "  or %s   full "
			    "flash format: when the reset is not enough",
			    m->hard_reset);
		if (m->leds_ok[0] != '\0') {
			ui_put(win, y, 1, 3, UR_OK, "5.");
			y += ui_wrap(win, y, 4, width, 2, UR_NORMAL, m->leds_ok);
		}
	}
	if (m->power[0] != '\0' && wizard_keypad_state(w) != WKP_WAIT)
		y += ui_wrap(win, y, 1, cols - 2, 3, UR_WARN, m->power);
	y++;
	ms = wizard_keypad_ms(w, c->now);
	switch (wizard_keypad_state(w)) {
	case WKP_PREPARE:
		ui_put(win, y++, 1, cols - 2, UR_HEAD, "Press g when the "
		    "lights say let go of #: the 60 s window starts.");
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
		ui_put(win, y++, 1, cols - 2, UR_NORMAL, "Press t once the "
		    "sequence is typed.");
		break;
	case WKP_WAIT:
		ui_fmt_dur(d, sizeof d, ms);
		ui_putf(win, y++, 1, cols - 2, UR_OK, "Typed %s ago. The "
		    "screen may stay black for 5+ minutes;", d);
		ui_put(win, y++, 1, cols - 2, UR_OK, wizard_phone_count(w) > 0 ?
		    "the phone is alive: see below.  n: the live view." :
		    "watch below: it shows up once it asks for an address.");
		break;
	}
	y++;
	if (y < rows - 1)
		ui_phone_table(win, y, rows - y, c, &kp->phones);
}

static int
keypad_key(struct screen *s, int key)
{
	struct wizard	*w = s->ctx->w;

	switch (key) {
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
		wizard_cmd_keypad_typed(w);
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
	.hints = "g lights cue  t typed  Left/Right model  n next  ? help",
	.enter = keypad_enter,
	.draw = keypad_draw,
	.key = keypad_key,
	.ticking = keypad_ticking,
};
