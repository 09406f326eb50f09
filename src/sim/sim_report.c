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

/*
 * The one printer, a visitor: JSON members ("key":value, strings through
 * sbuf_add_json) or text words (key=value, sbuf_add_text quoting a value
 * that needs it).
 */
struct printer {
	struct sbuf	*b;
	int		 json;
	int		 first;
};

static void
pr_key(struct printer *pr, const char *key)
{
	if (!pr->first)
		sbuf_addc(pr->b, pr->json ? ',' : ' ');
	pr->first = 0;
	if (pr->json) {
		sbuf_addc(pr->b, '"');
		sbuf_add_json(pr->b, key, strlen(key));
		sbuf_adds(pr->b, "\":");
	} else {
		sbuf_adds(pr->b, key);
		sbuf_addc(pr->b, '=');
	}
}

static void
pr_value(struct printer *pr, const char *s)
{
	if (!pr->json) {
		sbuf_add_text(pr->b, s, strlen(s));
		return;
	}
	sbuf_addc(pr->b, '"');
	sbuf_add_json(pr->b, s, strlen(s));
	sbuf_addc(pr->b, '"');
}

static void
pr_str(void *arg, const char *key, const char *s)
{
	pr_key(arg, key);
	pr_value(arg, s);
}

static void
pr_num(void *arg, const char *key, unsigned long long n)
{
	struct printer	*pr = arg;

	pr_key(pr, key);
	sbuf_addf(pr->b, "%llu", n);
}

static void
pr_flag(void *arg, const char *key, int v)
{
	struct printer	*pr = arg;

	pr_key(pr, key);
	sbuf_adds(pr->b, v ? "true" : "false");
}

/* A list: [ "a","b" ] in JSON, a,b in text. */
static void
pr_list_start(void *arg, const char *key, size_t n)
{
	struct printer	*pr = arg;

	(void)n;
	pr_key(pr, key);
	if (pr->json)
		sbuf_addc(pr->b, '[');
}

static void
pr_list_item(void *arg, const char *s, size_t i)
{
	struct printer	*pr = arg;

	if (i > 0)
		sbuf_addc(pr->b, ',');
	pr_value(pr, s);
}

static void
pr_list_end(void *arg)
{
	struct printer	*pr = arg;

	if (pr->json)
		sbuf_addc(pr->b, ']');
}

static void
print(struct sbuf *b, const struct sim_report *r, int json)
{
	static const struct sim_report_visitor printer = {
		pr_str, pr_num, pr_flag, pr_list_start, pr_list_item,
		pr_list_end,
	};
	struct printer	 pr = { b, json, 1 };

	if (json)
		sbuf_addc(b, '{');
	sim_report_visit(r, &printer, &pr);
	if (json)
		sbuf_addc(b, '}');
}

void
sim_report_json(struct sbuf *b, const struct sim_report *r)
{
	print(b, r, 1);
}

void
sim_report_text(struct sbuf *b, const struct sim_report *r)
{
	print(b, r, 0);
}
