/*
 * The simulated phone's reports as records, and their two printers (JSON
 * for the tests and --json, key=value words for people), one walk.
 */
#include "config.h"

#include <string.h>

#include "sbuf.h"
#include "sim_report.h"

void
sim_report_begin(struct sim_report *r, const char *what, unsigned long long ms)
{
	r->what = what;
	r->ms = ms;
	r->nfields = 0;
	r->textlen = 0;
	r->truncated = 0;
}

/* A new field, or NULL (and truncated set) when there is no room. */
static struct sim_report_field *
field(struct sim_report *r, const char *key, enum sim_report_kind kind)
{
	struct sim_report_field	*f;

	if (r->nfields == SIM_REPORT_FIELDS) {
		r->truncated = 1;
		return (NULL);
	}
	f = &r->f[r->nfields++];
	f->key = key;
	f->kind = kind;
	f->num = 0;
	f->off = r->textlen;
	return (f);
}

/* Keep s, NUL-ended, in the text; -1 when it does not fit. */
static int
keep(struct sim_report *r, const char *s)
{
	size_t	 n = strlen(s);

	if (n >= sizeof r->text - r->textlen) {
		r->truncated = 1;
		return (-1);
	}
	memcpy(r->text + r->textlen, s, n + 1);
	r->textlen += n + 1;
	return (0);
}

void
sim_report_str(struct sim_report *r, const char *key, const char *v)
{
	if (field(r, key, SIM_REP_STR) != NULL && keep(r, v) != 0)
		r->nfields--;
}

void
sim_report_num(struct sim_report *r, const char *key, unsigned long long v)
{
	struct sim_report_field	*f;

	if ((f = field(r, key, SIM_REP_NUM)) != NULL)
		f->num = v;
}

void
sim_report_bool(struct sim_report *r, const char *key, int v)
{
	struct sim_report_field	*f;

	if ((f = field(r, key, SIM_REP_BOOL)) != NULL)
		f->num = v != 0;
}

void
sim_report_list(struct sim_report *r, const char *key)
{
	(void)field(r, key, SIM_REP_LIST);
}

void
sim_report_list_add(struct sim_report *r, const char *s)
{
	struct sim_report_field	*f;

	if (r->nfields == 0 || (f = &r->f[r->nfields - 1])->kind !=
	    SIM_REP_LIST)
		return;
	if (keep(r, s) == 0)
		f->num++;
}

void
sim_report_visit(const struct sim_report *r,
    const struct sim_report_visitor *v, void *arg)
{
	const struct sim_report_field	*f;
	const char			*s;
	size_t				 i, k;

	v->str(arg, "sim", r->what);
	v->num(arg, "ms", r->ms);
	for (i = 0; i < r->nfields; i++) {
		f = &r->f[i];
		s = r->text + f->off;
		switch (f->kind) {
		case SIM_REP_STR:
			v->str(arg, f->key, s);
			break;
		case SIM_REP_NUM:
			v->num(arg, f->key, f->num);
			break;
		case SIM_REP_BOOL:
			v->flag(arg, f->key, (int)f->num);
			break;
		case SIM_REP_LIST:
			v->list_start(arg, f->key, (size_t)f->num);
			for (k = 0; k < f->num; k++, s += strlen(s) + 1)
				v->list_item(arg, s, k);
			v->list_end(arg);
			break;
		}
	}
}

/* JSON: the first member opens the object (the caller closes it). */
static void
json_key(struct sbuf *b, const char *key)
{
	sbuf_addc(b, b->len == 0 ? '{' : ',');
	sbuf_addc(b, '"');
	sbuf_add_json(b, key, strlen(key));
	sbuf_adds(b, "\":");
}

static void
json_quoted(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	sbuf_add_json(b, s, strlen(s));
	sbuf_addc(b, '"');
}

static void
json_str(void *arg, const char *key, const char *s)
{
	json_key(arg, key);
	json_quoted(arg, s);
}

static void
json_num(void *arg, const char *key, unsigned long long n)
{
	json_key(arg, key);
	sbuf_addf(arg, "%llu", n);
}

static void
json_flag(void *arg, const char *key, int v)
{
	json_key(arg, key);
	sbuf_adds(arg, v ? "true" : "false");
}

static void
json_list_start(void *arg, const char *key, size_t n)
{
	(void)n;
	json_key(arg, key);
	sbuf_addc(arg, '[');
}

static void
json_list_item(void *arg, const char *s, size_t i)
{
	if (i > 0)
		sbuf_addc(arg, ',');
	json_quoted(arg, s);
}

static void
json_list_end(void *arg)
{
	sbuf_addc(arg, ']');
}

void
sim_report_json(struct sbuf *b, const struct sim_report *r)
{
	static const struct sim_report_visitor json = {
		json_str, json_num, json_flag, json_list_start,
		json_list_item, json_list_end,
	};
	struct sbuf	 o;

	/* Built alone, so that the first member can tell it is first. */
	sbuf_init(&o);
	sim_report_visit(r, &json, &o);
	sbuf_addc(&o, '}');
	sbuf_add(b, sbuf_str(&o), o.len);
	sbuf_free(&o);
}

/* Text: "key=value" words, a space between them. */
static void
text_key(struct sbuf *b, const char *key)
{
	if (b->len > 0)
		sbuf_addc(b, ' ');
	sbuf_adds(b, key);
	sbuf_addc(b, '=');
}

static void
text_str(void *arg, const char *key, const char *s)
{
	text_key(arg, key);
	sbuf_add_text(arg, s, strlen(s));
}

static void
text_num(void *arg, const char *key, unsigned long long n)
{
	text_key(arg, key);
	sbuf_addf(arg, "%llu", n);
}

static void
text_flag(void *arg, const char *key, int v)
{
	text_key(arg, key);
	sbuf_adds(arg, v ? "true" : "false");
}

static void
text_list_start(void *arg, const char *key, size_t n)
{
	(void)n;
	text_key(arg, key);
}

static void
text_list_item(void *arg, const char *s, size_t i)
{
	if (i > 0)
		sbuf_addc(arg, ',');
	sbuf_add_text(arg, s, strlen(s));
}

static void
text_list_end(void *arg)
{
	(void)arg;
}

void
sim_report_text(struct sbuf *b, const struct sim_report *r)
{
	static const struct sim_report_visitor text = {
		text_str, text_num, text_flag, text_list_start,
		text_list_item, text_list_end,
	};
	struct sbuf	 o;

	sbuf_init(&o);
	sim_report_visit(r, &text, &o);
	sbuf_add(b, sbuf_str(&o), o.len);
	sbuf_free(&o);
}
