/*
 * The session record printed (record.h): text for a person, CSV with a
 * header row for a spreadsheet, JSON one object per phone per line.
 */
#include "config.h"

#include <string.h>

#include "record/record.h"
#include "sbuf.h"
#include "sink.h"

static const char *const csv_cols[] = {
	"session", "mac", "model", "name", "serial", "load_first",
	"load_last", "plan", "first_seen", "up_at", "duration_s", "bytes",
	"retries", "problems", "result", "seen_before", NULL
};

static void
when(char *buf, size_t len, uint64_t ms)
{
	if (ms == 0)
		buf[0] = '\0';
	else
		sink_rfc3339(buf, len, ms);
}

/* The columns' values of one phone, in csv_cols order (numbers in n). */
static void
values(const struct rec_phone *p, const char *v[16], char n[5][40])
{
	when(n[0], sizeof n[0], p->first_ms);
	when(n[1], sizeof n[1], p->up_ms);
	snprintf(n[2], sizeof n[2], "%.3f",
	    (double)rec_duration_ms(p) / 1000.0);
	snprintf(n[3], sizeof n[3], "%llu", (unsigned long long)p->bytes);
	snprintf(n[4], sizeof n[4], "%u", p->retries);
	v[0] = p->session;
	v[1] = p->mac;
	v[2] = p->model;
	v[3] = p->name;
	v[4] = p->serial;
	v[5] = p->load_first;
	v[6] = p->load_last;
	v[7] = p->plan;
	v[8] = n[0];
	v[9] = n[1];
	v[10] = n[2];
	v[11] = n[3];
	v[12] = n[4];
	v[13] = p->problems;
	v[14] = rec_result_name(p->result);
	v[15] = p->seen_before;
}

static void
csv_cell(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
print_csv(FILE *f, const struct rec_session *s)
{
	const char	*v[16];
	char		 n[5][40];
	size_t		 i, c;

	for (c = 0; csv_cols[c] != NULL; c++)
		fprintf(f, "%s%s", c > 0 ? "," : "", csv_cols[c]);
	fputc('\n', f);
	for (i = 0; i < s->nphones; i++) {
		values(&s->phones[i], v, n);
		for (c = 0; csv_cols[c] != NULL; c++) {
			if (c > 0)
				fputc(',', f);
			csv_cell(f, v[c]);
		}
		fputc('\n', f);
	}
}

static void
print_json(FILE *f, const struct rec_session *s)
{
	struct sbuf	 b;
	const char	*v[16];
	char		 n[5][40];
	size_t		 i, c;

	sbuf_init(&b);
	for (i = 0; i < s->nphones; i++) {
		values(&s->phones[i], v, n);
		sbuf_reset(&b);
		sbuf_addc(&b, '{');
		for (c = 0; csv_cols[c] != NULL; c++) {
			sbuf_addf(&b, "%s\"%s\":", c > 0 ? "," : "",
			    csv_cols[c]);
			if (c >= 10 && c <= 12)
				sbuf_adds(&b, v[c]);	/* numbers */
			else {
				sbuf_addc(&b, '"');
				sbuf_add_json(&b, v[c], strlen(v[c]));
				sbuf_addc(&b, '"');
			}
		}
		sbuf_adds(&b, "}\n");
		fputs(sbuf_str(&b), f);
	}
	sbuf_free(&b);
}

static void
print_head(FILE *f, const struct rec_session *s)
{
	char	 a[40], b[40];
	size_t	 i, n[REC__COUNT] = { 0 };

	when(a, sizeof a, s->start_ms);
	when(b, sizeof b, s->end_ms);
	for (i = 0; i < s->nphones; i++)
		n[s->phones[i].result]++;
	if (strcmp(s->id, "all") == 0)
		fprintf(f, "all sessions merged by MAC\n");
	else
		fprintf(f, "session %s: started %s, %s%s\n", s->id, a,
		    s->end_ms != 0 ? "ended " : "cut short (no end recorded)",
		    b);
	fprintf(f, "%zu phone%s: %zu back up, %zu failed, %zu gave up, "
	    "%zu still going\n", s->nphones, s->nphones == 1 ? "" : "s",
	    n[REC_UP], n[REC_FAILED], n[REC_GAVE_UP], n[REC_GOING]);
}

static void
print_text(FILE *f, const struct rec_session *s)
{
	const struct rec_phone	*p;
	const char		*v[16];
	char			 n[5][40];
	size_t			 i;

	print_head(f, s);
	for (i = 0; i < s->nphones; i++) {
		p = &s->phones[i];
		values(p, v, n);
		fprintf(f, "\n%s  %s  %s\n", p->mac,
		    p->model[0] != '\0' ? p->model : "(model unknown)",
		    rec_result_name(p->result));
		if (p->name[0] != '\0' || p->serial[0] != '\0')
			fprintf(f, "  name %s, serial %s\n",
			    p->name[0] != '\0' ? p->name : "-",
			    p->serial[0] != '\0' ? p->serial : "-");
		fprintf(f, "  load %s -> %s\n",
		    p->load_first[0] != '\0' ? p->load_first : "?",
		    p->load_last[0] != '\0' ? p->load_last : "?");
		if (p->plan[0] != '\0')
			fprintf(f, "  plan %s\n", p->plan);
		fprintf(f, "  first seen %s, back up %s, %ss, %s bytes, "
		    "%u retries\n", v[8], v[9][0] != '\0' ? v[9] : "-",
		    v[10], v[11], p->retries);
		if (p->problems[0] != '\0')
			fprintf(f, "  problems: %s\n", p->problems);
		if (p->seen_before[0] != '\0')
			fprintf(f, "  seen before in session %s\n",
			    p->seen_before);
	}
}

void
rec_print(FILE *f, const struct rec_session *s, enum rec_format fmt)
{
	if (fmt == REC_CSV)
		print_csv(f, s);
	else if (fmt == REC_JSON)
		print_json(f, s);
	else
		print_text(f, s);
}
