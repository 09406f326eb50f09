/*
 * Step 2, firmware: pick an archive (a typed path, or a small file
 * browser), import it with a progress bar, and show the result and what
 * the TFTP root can now serve, per load and model.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "screen.h"
#include "xmalloc.h"

#define FW_MAX_LOADS	64
#define FW_MAX_ENTRIES	256

enum fw_mode { FM_VIEW, FM_TYPE, FM_BROWSE };

struct fw_scr {
	enum fw_mode		 mode;
	char			 path[1024];	/* typed, or the browsed dir */
	size_t			 len;
	struct wizard_load	 loads[FW_MAX_LOADS];
	size_t			 nloads;
	enum ev_fw_stage	 stage;		/* last import stage seen */
	char			 dir[1024];
	char			*names[FW_MAX_ENTRIES];
	int			 isdir[FW_MAX_ENTRIES];
	struct ui_list		 browse;
	struct ui_list		 list;
};

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
fw_free_names(struct fw_scr *f)
{
	size_t	 i;

	for (i = 0; i < f->browse.n; i++) {
		free(f->names[i]);
		f->names[i] = NULL;
	}
	f->browse.n = f->browse.sel = f->browse.top = 0;
}

/* List f->dir: directories first ("..", then by name), then files. */
static void
fw_read_dir(struct fw_scr *f)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 p[2048];
	size_t		 n = 0, i, ndirs = 0;

	fw_free_names(f);
	if ((d = opendir(f->dir)) == NULL) {
		ui_set_message("cannot read %s", f->dir);
		return;
	}
	f->names[n++] = xstrdup("..");
	while ((de = readdir(d)) != NULL && n < FW_MAX_ENTRIES) {
		if (de->d_name[0] == '.')
			continue;
		f->names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(f->names + 1, n - 1, sizeof f->names[0], name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, f->names[i]);
		f->isdir[i] = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	}
	/* Stable partition: directories first. */
	for (i = 0; i < n; i++) {
		if (f->isdir[i]) {
			char *t = f->names[i];
			memmove(&f->names[ndirs + 1], &f->names[ndirs],
			    (i - ndirs) * sizeof f->names[0]);
			f->names[ndirs] = t;
			ndirs++;
		}
	}
	for (i = 0; i < n; i++)
		f->isdir[i] = i < ndirs;
	f->browse.n = n;
}

static void
fw_rescan(struct screen *s)
{
	struct fw_scr	*f = s->data;

	f->nloads = wizard_catalog(s->ctx->w, f->loads,
	    FW_MAX_LOADS);
	f->list.n = f->nloads;
}

static void
fw_enter(struct screen *s)
{
	struct fw_scr	*f;

	if (s->data == NULL) {
		s->data = f = xcalloc(1, sizeof *f);
		if (getcwd(f->dir, sizeof f->dir) == NULL)
			strlcpy(f->dir, "/", sizeof f->dir);
	}
	fw_rescan(s);
}

static void
fw_leave(struct screen *s)
{
	struct fw_scr	*f = s->data;

	if (f != NULL) {
		fw_free_names(f);
		f->mode = FM_VIEW;
	}
	s->ctx->input = 0;
}

static int
fw_ticking(struct screen *s)
{
	const struct wizard_fw	*fw = wizard_fw(s->ctx->w);

	return (fw->stage == EV_FW_READING || fw->stage == EV_FW_CHECKING);
}

static void
fw_draw(struct screen *s, WINDOW *win)
{
	struct fw_scr		*f = s->data;
	const struct ui_ctx	*c = s->ctx;
	const struct wizard_fw	*fw = wizard_fw(c->w);
	int			 rows, cols, y = 0, h;
	size_t			 i;
	char			 a[16], b[16];

	getmaxyx(win, rows, cols);
	if (fw->stage != f->stage) {
		f->stage = fw->stage;
		fw_rescan(s);
	}
	ui_putf(win, y++, 1, cols - 2, UR_HEAD, "Firmware for the phones, "
	    "served from %s", wizard_root(c->w));
	y++;
	if (fw->stage == EV_FW_NONE)
		ui_put(win, y++, 1, cols - 2, UR_NORMAL, "Import a bundle "
		    "(.zip .tar .tar.gz .cop.sgn): i types a path, o browses.");
	else {
		enum ui_role r = fw->stage == EV_FW_FAILED ? UR_ERROR :
		    fw->stage == EV_FW_DONE ? UR_OK : UR_NORMAL;
		const char *base = strrchr(fw->archive, '/');
		ui_putf(win, y++, 1, cols - 2, r, "%s: %s",
		    base != NULL ? base + 1 : fw->archive,
		    ev_fw_stage_name(fw->stage));
		ui_fmt_bytes(a, sizeof a, fw->bytes);
		ui_fmt_bytes(b, sizeof b, fw->total);
		ui_bar(win, y, 3, cols - 24 > 50 ? 50 : cols - 24, fw->bytes,
		    fw->total != 0 ? fw->total : 1, c);
		ui_putf(win, y++, cols - 24 > 50 ? 55 : cols - 20, 18,
		    UR_NORMAL, " %s/%s", a, b);
		if (fw->files != 0 || fw->models != 0)
			ui_putf(win, y++, 3, cols - 4, UR_NORMAL, "%u file%s, "
			    "%u model%s", fw->files, fw->files == 1 ? "" : "s",
			    fw->models, fw->models == 1 ? "" : "s");
		if (fw->text[0] != '\0')
			y += ui_wrap(win, y, 3, cols - 4, r == UR_ERROR ? 4 : 2,
			    r == UR_NORMAL ?
			    UR_WARN : r, fw->text);
	}
	y++;
	if (f->mode == FM_BROWSE) {
		ui_putf(win, y++, 1, cols - 2, UR_HEAD, "Open an archive in %s",
		    f->dir);
		h = rows - y;
		ui_list_scroll(&f->browse, h);
		for (i = f->browse.top; i < f->browse.n &&
		    (int)(i - f->browse.top) < h; i++)
			ui_putf(win, y++, 3, cols - 4, i == f->browse.sel ?
			    UR_SEL : f->isdir[i] ? UR_HEAD : UR_NORMAL, "%s%s",
			    f->names[i], f->isdir[i] ? "/" : "");
		return;
	}
	ui_putf(win, y++, 1, cols - 2, UR_HEAD, "%-9s %-24s %-9s %s",
	    "Model", "Load served", "Complete", "Note");
	if (f->nloads == 0)
		ui_put(win, y++, 3, cols - 4, UR_WARN, "Nothing yet: phones "
		    "will find no load here.");
	h = rows - y - (f->mode == FM_TYPE ? 2 : 0) - 4;
	if (h < 1)
		h = 1;
	ui_list_scroll(&f->list, h);
	for (i = f->list.top; i < f->nloads && (int)(i - f->list.top) < h;
	    i++) {
		const struct wizard_load *l = &f->loads[i];
		ui_putf(win, y, 1, 46, UR_NORMAL, "%-9s %-24s", l->model,
		    l->load);
		ui_put(win, y, 36, 9, l->complete ? UR_OK : UR_ERROR,
		    l->complete ? "yes" : "MISSING");
		ui_put(win, y++, 46, cols - 47, l->note[0] != '\0' ? UR_WARN :
		    UR_DIM, l->note[0] != '\0' ? l->note : l->why);
	}
	/* The selected model's note in full. */
	if (f->list.sel < f->nloads && f->loads[f->list.sel].note[0] != '\0') {
		ui_putf(win, y + 1, 1, cols - 2, UR_HEAD, "%s:",
		    f->loads[f->list.sel].model);
		ui_wrap(win, y + 1, 10, cols - 11, 3, UR_WARN,
		    f->loads[f->list.sel].note);
	}
	if (f->mode == FM_TYPE) {
		ui_put(win, rows - 1, 1, 15, UR_HEAD, "Archive path: ");
		ui_putf(win, rows - 1, 15, cols - 16, UR_SEL, "%-*s",
		    cols - 17, f->path + (f->len > (size_t)cols - 20 ?
		    f->len - (size_t)cols + 20 : 0));
	}
}

/* Line editing for the typed path. */
static int
fw_type_key(struct screen *s, struct fw_scr *f, int key)
{
	switch (key) {
	case 27:
		f->mode = FM_VIEW;
		s->ctx->input = 0;
		break;
	case '\r':
	case '\n':
	case KEY_ENTER:
		f->mode = FM_VIEW;
		s->ctx->input = 0;
		wizard_cmd_import(s->ctx->w, f->path);
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (f->len > 0)
			f->path[--f->len] = '\0';
		break;
	case 21:	/* ^U */
		f->len = 0;
		f->path[0] = '\0';
		break;
	default:
		if (key >= 32 && key < 127 && f->len + 1 < sizeof f->path) {
			f->path[f->len++] = (char)key;
			f->path[f->len] = '\0';
		}
		break;
	}
	return (UI_HANDLED | UI_REDRAW);
}

static int
fw_browse_key(struct screen *s, struct fw_scr *f, int key)
{
	char	 p[2048], *slash;

	switch (key) {
	case 27:
	case 'o':
		f->mode = FM_VIEW;
		s->ctx->input = 0;
		fw_free_names(f);
		return (UI_HANDLED | UI_REDRAW);
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (f->browse.n == 0)
			return (UI_HANDLED);
		if (strcmp(f->names[f->browse.sel], "..") == 0) {
			if ((slash = strrchr(f->dir, '/')) != NULL)
				*(slash == f->dir ? slash + 1 : slash) = '\0';
			fw_read_dir(f);
		} else if (f->isdir[f->browse.sel]) {
			snprintf(p, sizeof p, "%s%s%s", f->dir,
			    strcmp(f->dir, "/") == 0 ? "" : "/",
			    f->names[f->browse.sel]);
			strlcpy(f->dir, p, sizeof f->dir);
			fw_read_dir(f);
		} else {
			snprintf(p, sizeof p, "%s/%s", f->dir,
			    f->names[f->browse.sel]);
			f->mode = FM_VIEW;
			s->ctx->input = 0;
			strlcpy(f->path, p, sizeof f->path);
			f->len = strlen(f->path);
			fw_free_names(f);
			wizard_cmd_import(s->ctx->w, f->path);
		}
		return (UI_HANDLED | UI_REDRAW);
	default:
		ui_list_key(&f->browse, key, 10);
		return (UI_HANDLED | UI_REDRAW);
	}
}

static int
fw_key(struct screen *s, int key)
{
	struct fw_scr	*f = s->data;

	if (f->mode == FM_TYPE)
		return (fw_type_key(s, f, key));
	if (f->mode == FM_BROWSE)
		return (fw_browse_key(s, f, key));
	switch (key) {
	case 'i':
	case '/':
		/* A fresh field: the last path is not the start of the next. */
		f->mode = FM_TYPE;
		f->len = 0;
		f->path[0] = '\0';
		s->ctx->input = 1;
		return (UI_HANDLED | UI_REDRAW);
	case 'o':
		f->mode = FM_BROWSE;
		s->ctx->input = 1;
		fw_read_dir(f);
		return (UI_HANDLED | UI_REDRAW);
	case 'r':
		fw_rescan(s);
		return (UI_HANDLED | UI_REDRAW);
	case '\r':
	case '\n':
	case KEY_ENTER:
		wizard_cmd_next(s->ctx->w);
		return (UI_HANDLED | UI_REDRAW);
	default:
		return (ui_list_key(&f->list, key, 10));
	}
}

const struct screen_ops scr_firmware_ops = {
	.name = "firmware",
	.step = WIZ_IMPORT_FW,
	.hints = "i type path  o browse  n next  b back  ? help",
	.enter = fw_enter,
	.leave = fw_leave,
	.draw = fw_draw,
	.key = fw_key,
	.ticking = fw_ticking,
};
