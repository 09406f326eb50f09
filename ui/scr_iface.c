/*
 * Step 1, the network: every interface with link, address, wired or
 * wireless, and the safety verdict in words.  Enter starts the engines on
 * the chosen one; an unsafe choice needs F.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "xmalloc.h"

struct iface_scr {
	struct ui_list	 list;
};

static void
iface_enter(struct screen *s)
{
	if (s->data == NULL) {
		s->data = xcalloc(1, sizeof(struct iface_scr));
		if (wizard_iface_count(s->ctx->w) == 0)
			wizard_cmd_refresh_ifaces(s->ctx->w);
	}
}

static const char *
verdict_word(enum wizard_verdict v)
{
	switch (v) {
	case WV_OK:
		return ("ok");
	case WV_NO_CARRIER:
		return ("no link");
	case WV_WIRELESS:
		return ("wireless");
	case WV_DEFAULT_ROUTE:
		return ("default route");
	case WV_FOREIGN_DHCP:
		return ("other DHCP");
	case WV_LOOPBACK:
		return ("loopback");
	}
	return ("?");
}

/* Who else configures it, and what serving does about it; rows used. */
static int
iface_manager(WINDOW *win, int y, int cols, const struct wizard_iface *it)
{
	char	 text[200];

	if (it->managed_by[0] == '\0')
		return (0);
	if (strcmp(it->managed_by, "NetworkManager") == 0)
		snprintf(text, sizeof text, "managed by NetworkManager: "
		    "phonerescue will take it over while serving and give it "
		    "back");
	else if (strcmp(it->managed_by, "systemd-networkd") == 0)
		snprintf(text, sizeof text, "managed by systemd-networkd: it "
		    "may remove our address; serve's notice says how to keep "
		    "it off");
	else
		snprintf(text, sizeof text, "%s, a DHCP client, runs on it: "
		    "stop it while serving", it->managed_by);
	return (ui_wrap(win, y, 3, cols - 4, 2, UR_WARN, text));
}

static void
iface_draw(struct screen *s, WINDOW *win)
{
	struct iface_scr		*is = s->data;
	const struct ui_ctx		*c = s->ctx;
	const struct wizard_iface	*it;
	enum wizard_verdict		 v;
	int				 rows, cols, y = 0, listh;
	size_t				 i;
	char				 speed[32];

	getmaxyx(win, rows, cols);
	ui_put(win, y++, 1, cols - 2, UR_HEAD,
	    "Which interface has the cable to the phones?");
	if (wizard_engines_running(c->w))
		ui_putf(win, y++, 1, cols - 2, UR_OK, "Serving on %s: Enter "
		    "on it goes on, s stops serving.", wizard_iface_name(c->w));
	else if (wizard_starting(c->w))
		ui_putf(win, y++, 1, cols - 2, UR_WARN, "starting: %s... "
		    "(s stops)", wizard_start_words(c->w));
	else
		ui_put(win, y++, 1, cols - 2, UR_DIM, "It serves DHCP and TFTP "
		    "there, and puts the interface back as it was on exit.");
	y++;
	is->list.n = wizard_iface_count(c->w);
	ui_putf(win, y++, 3, cols - 4, UR_HEAD, "%-12s %-7s %-18s %-9s %s",
	    "Interface", "Link", "Address", "Type", "Verdict");
	listh = rows - y - 6;
	if (listh < 2)
		listh = 2;
	ui_list_scroll(&is->list, listh);
	if (is->list.n == 0)
		ui_put(win, y++, 3, cols - 4, UR_WARN, "No interfaces found.");
	for (i = is->list.top; i < is->list.n && (int)(i - is->list.top) <
	    listh; i++) {
		it = wizard_iface_at(c->w, i);
		v = wizard_iface_verdict(it);
		if (it->speed_mbps != 0 && it->carrier)
			snprintf(speed, sizeof speed, "%llum",
			    (unsigned long long)it->speed_mbps);
		else
			snprintf(speed, sizeof speed, "%s", it->carrier ? "up" :
			    "down");
		ui_put(win, y, 1, 1, UR_NORMAL, i == is->list.sel ? ">" : " ");
		ui_putf(win, y, 3, 48, i == is->list.sel ? UR_SEL : UR_NORMAL,
		    "%-12s %-7s %-18s %-9s", it->name, speed,
		    it->addr[0] != '\0' ? it->addr : "-", it->loopback ?
		    "loopback" : it->wireless ? "wireless" : "wired");
		ui_put(win, y++, 52, cols - 53, v == WV_OK ? UR_OK :
		    v == WV_NO_CARRIER ? UR_WARN : UR_ERROR, verdict_word(v));
	}
	y = rows - 5 > y + 1 ? rows - 5 : y + 1;
	if ((it = wizard_iface_at(c->w, is->list.sel)) != NULL) {
		v = wizard_iface_verdict(it);
		ui_putf(win, y++, 1, cols - 2, UR_HEAD, "%s:", it->name);
		y += ui_wrap(win, y, 3, cols - 4, 2, v == WV_OK ? UR_OK : v ==
		    WV_NO_CARRIER ? UR_WARN : UR_ERROR, wizard_verdict_text(v));
		y += iface_manager(win, y, cols, it);
	}
	/* Why the engines would not start, in full (the status line cuts). */
	if (strncmp(wizard_message(c->w), "cannot serve", 12) == 0)
		ui_wrap(win, y, 3, cols - 4, rows - y, UR_ERROR,
		    wizard_message(c->w));
}

static int
iface_key(struct screen *s, int key)
{
	struct iface_scr		*is = s->data;
	struct wizard			*w = s->ctx->w;
	const struct wizard_iface	*it;

	switch (key) {
	case '\r':
	case '\n':
	case KEY_ENTER:
	case 'F':
		if ((it = wizard_iface_at(w, is->list.sel)) == NULL)
			return (UI_HANDLED);
		/* Another interface while serving: a switch, asked first. */
		if (wizard_engines_running(w) &&
		    strcmp(it->name, wizard_iface_name(w)) != 0)
			ui_confirm_serve(it->name, key == 'F');
		else
			wizard_cmd_pick_iface(w, it->name, key == 'F');
		return (UI_HANDLED | UI_REDRAW);
	case 's':
		if (wizard_starting(w)) {
			wizard_cmd_stop(w);
			return (UI_HANDLED | UI_REDRAW);
		}
		if (!wizard_engines_running(w)) {
			ui_set_message("not serving: Enter starts on the "
			    "selected interface");
			return (UI_HANDLED | UI_REDRAW);
		}
		ui_confirm_serve(NULL, 0);
		return (UI_HANDLED | UI_REDRAW);
	case 'r':
		wizard_cmd_refresh_ifaces(w);
		return (UI_HANDLED | UI_REDRAW);
	default:
		return (ui_list_key(&is->list, key, 5));
	}
}

const struct screen_ops scr_iface_ops = {
	.name = "iface",
	.step = WIZ_PICK_IFACE,
	.hints = "Enter use  F force  s stop  r rescan  ? help  q quit",
	.enter = iface_enter,
	.draw = iface_draw,
	.key = iface_key,
};
