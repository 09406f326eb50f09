/*
 * Step 3, configuration: what XMLDefault.cnf.xml will tell each model to
 * load (a readable table of its loadInformationNNN lines), and the phones
 * seen so far, with the option to write a SEP<MAC>.cnf.xml for one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "screen.h"
#include "xmalloc.h"

#define CFG_MAX_ROWS	128

struct cfg_row {
	unsigned	 devtype;
	char		 model[16];
	char		 load[128];
};

struct cfg_scr {
	struct cfg_row	 rows[CFG_MAX_ROWS];
	size_t		 nrows;
	struct ui_list	 table;
	struct ui_list	 phones;
	int		 focus;		/* 0 table, 1 phones */
	int		 moved;		/* the user chose a row: keep it */
};

/* The model being recovered: the selected phone's, else the keypad's. */
static const char *
cfg_model(struct cfg_scr *cs, struct wizard *w)
{
	const struct wizard_phone	*p;

	if ((p = wizard_phone_at(w, cs->phones.sel)) != NULL &&
	    p->model[0] != '\0')
		return (p->model);
	return (wizard_model(w));
}

static int
row_cmp(const void *a, const void *b)
{
	const struct cfg_row *x = a, *y = b;

	return (x->devtype < y->devtype ? -1 : x->devtype > y->devtype);
}

/* One row per model the root serves: loadInformationNNN -> load. */
static void
cfg_rescan(struct screen *s)
{
	struct cfg_scr		*cs = s->data;
	struct wizard_load	 loads[CFG_MAX_ROWS];
	size_t			 n, i;

	n = wizard_catalog(s->ctx->w, loads, CFG_MAX_ROWS);
	for (i = 0; i < n; i++) {
		cs->rows[i].devtype = loads[i].devtype;
		strlcpy(cs->rows[i].model, loads[i].model,
		    sizeof cs->rows[i].model);
		strlcpy(cs->rows[i].load, loads[i].load,
		    sizeof cs->rows[i].load);
	}
	cs->nrows = n;
	qsort(cs->rows, cs->nrows, sizeof cs->rows[0], row_cmp);
	cs->table.n = cs->nrows;
}

static void
cfg_enter(struct screen *s)
{
	if (s->data == NULL)
		s->data = xcalloc(1, sizeof(struct cfg_scr));
	cfg_rescan(s);
}

static void
cfg_draw(struct screen *s, WINDOW *win)
{
	struct cfg_scr		*cs = s->data;
	const struct ui_ctx	*c = s->ctx;
	int			 rows, cols, y = 0, h;
	size_t			 i;

	getmaxyx(win, rows, cols);
	ui_putf(win, y++, 1, cols - 2, UR_HEAD, "XMLDefault.cnf.xml in %s "
	    "tells each model which load to fetch:", wizard_root(c->w));
	y++;
	ui_putf(win, y++, 3, cols - 4, UR_HEAD, "%-22s %-9s %s",
	    "Setting", "Model", "Load");
	h = rows / 2 - 3;
	if (h < 1)
		h = 1;
	if (cs->nrows == 0)
		ui_put(win, y++, 3, cols - 4, UR_WARN, "No load in the root "
		    "yet: import firmware first (b).");
	/* Untouched, the table follows the model being recovered. */
	if (!cs->moved) {
		const char *m = cfg_model(cs, c->w);
		for (i = 0; i < cs->nrows; i++) {
			if (strcmp(cs->rows[i].model, m) == 0) {
				cs->table.sel = i;
				break;
			}
		}
	}
	ui_list_scroll(&cs->table, h);
	for (i = cs->table.top; i < cs->nrows && (int)(i - cs->table.top) < h;
	    i++) {
		int mine = strcmp(cs->rows[i].model, cfg_model(cs, c->w)) == 0;
		ui_putf(win, y++, 3, cols - 4, cs->focus == 0 && i ==
		    cs->table.sel ? UR_SEL : UR_NORMAL, "loadInformation%-7u "
		    "%-9s %s%s", cs->rows[i].devtype, cs->rows[i].model,
		    cs->rows[i].load, mine ? "   < this phone" : "");
	}
	/* Rows out of sight are said so, and how to reach them. */
	if (cs->table.top > 0 || cs->table.top + (size_t)h < cs->nrows)
		ui_putf(win, y, 3, cols - 4, UR_DIM, "%s %zu more above, %zu "
		    "below (Up/Down)", c->ascii ? "^v" : "\xe2\x86\x95",
		    cs->table.top, cs->nrows - cs->table.top - (size_t)(h <
		    (int)(cs->nrows - cs->table.top) ? h : (int)(cs->nrows -
		    cs->table.top)));
	y++;
	ui_put(win, y++, 1, cols - 2, UR_HEAD, "Per-phone configs "
	    "(SEP<MAC>.cnf.xml): optional, w writes one for the selected "
	    "phone");
	if (y < rows)
		ui_phone_table(win, y, rows - y, c, &cs->phones);
}

static int
cfg_key(struct screen *s, int key)
{
	struct cfg_scr			*cs = s->data;
	const struct wizard_phone	*p;

	switch (key) {
	case 'w':
		if ((p = wizard_phone_at(s->ctx->w, cs->phones.sel)) == NULL) {
			ui_set_message("no phone seen yet: SEP files are "
			    "optional, XMLDefault serves every phone");
			return (UI_HANDLED | UI_REDRAW);
		}
		wizard_cmd_write_sep(s->ctx->w, p->mac);
		return (UI_HANDLED | UI_REDRAW);
	case 'r':
		cfg_rescan(s);
		return (UI_HANDLED | UI_REDRAW);
	case '\r':
	case '\n':
	case KEY_ENTER:
		wizard_cmd_next(s->ctx->w);
		return (UI_HANDLED | UI_REDRAW);
	case KEY_UP:
	case KEY_DOWN:
	case KEY_PPAGE:
	case KEY_NPAGE:
		if (cs->focus == 1)
			return (ui_list_key(&cs->phones, key, 5));
		cs->moved = 1;
		return (ui_list_key(&cs->table, key, 5));
	case 'p':
		cs->focus = !cs->focus;
		return (UI_HANDLED | UI_REDRAW);
	default:
		return (UI_IGNORED);
	}
}

const struct screen_ops scr_config_ops = {
	.name = "config",
	.step = WIZ_CONFIGURE,
	.hints = "w write SEP  p phones/loads  n next  b back  ? help",
	.enter = cfg_enter,
	.draw = cfg_draw,
	.key = cfg_key,
};
