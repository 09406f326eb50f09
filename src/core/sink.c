/* JSON-lines and text printers over ev_visit(). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bus.h"
#include "sink.h"

void
sink_rfc3339(char *buf, size_t len, uint64_t wall_ms)
{
	time_t		 t = (time_t)(wall_ms / 1000);
	struct tm	 tm;
	char		 base[32];

	gmtime_r(&t, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03uZ", base, (unsigned)(wall_ms % 1000));
}

static void
json_key(struct sbuf *s, const char *key)
{
	sbuf_adds(s, ",\"");
	sbuf_add_json(s, key, strlen(key));
	sbuf_adds(s, "\":");
}

static void
json_str(void *arg, const char *key, const char *val)
{
	struct sbuf	*s = arg;

	json_key(s, key);
	sbuf_addc(s, '"');
	sbuf_add_json(s, val, strlen(val));
	sbuf_addc(s, '"');
}

static void
json_num(void *arg, const char *key, uint64_t val)
{
	json_key(arg, key);
	sbuf_addf(arg, "%" PRIu64, val);
}

static void
json_real(void *arg, const char *key, double val)
{
	json_key(arg, key);
	/* JSON has no NaN or infinity. */
	if (!isfinite(val))
		val = 0;
	sbuf_addf(arg, "%.3f", val);
}

static void
json_bool(void *arg, const char *key, int val)
{
	json_key(arg, key);
	sbuf_adds(arg, val ? "true" : "false");
}

void
sink_format_json(struct sbuf *s, const struct ev *e)
{
	struct ev_visitor	 v = {
		.str = json_str, .num = json_num, .real = json_real,
		.boolean = json_bool, .arg = s,
	};
	char			 ts[40];

	sink_rfc3339(ts, sizeof ts, e->wall_ms);
	sbuf_adds(s, "{\"event\":\"");
	sbuf_adds(s, ev_name(e->type));
	sbuf_adds(s, "\",\"time\":\"");
	sbuf_adds(s, ts);
	sbuf_addc(s, '"');
	ev_visit(e, &v);
	sbuf_addc(s, '}');
}

static void
text_str(void *arg, const char *key, const char *val)
{
	sbuf_addf(arg, " %s=", key);
	sbuf_add_text(arg, val, strlen(val));
}

static void
text_num(void *arg, const char *key, uint64_t val)
{
	sbuf_addf(arg, " %s=%" PRIu64, key, val);
}

static void
text_real(void *arg, const char *key, double val)
{
	sbuf_addf(arg, " %s=%.3f", key, isfinite(val) ? val : 0.0);
}

static void
text_bool(void *arg, const char *key, int val)
{
	sbuf_addf(arg, " %s=%s", key, val ? "yes" : "no");
}

void
sink_format_text(struct sbuf *s, const struct ev *e)
{
	struct ev_visitor	 v = {
		.str = text_str, .num = text_num, .real = text_real,
		.boolean = text_bool, .arg = s,
	};
	char			 ts[40];

	sink_rfc3339(ts, sizeof ts, e->wall_ms);
	/* "2026-11-23T06:30:43.123Z" -> "06:30:43.123" */
	sbuf_add(s, ts + 11, 12);
	sbuf_addc(s, ' ');
	sbuf_adds(s, ev_name(e->type));
	ev_visit(e, &v);
}

static void
sink_print(const struct ev *e, FILE *f, int json)
{
	struct sbuf	 s;

	sbuf_init(&s);
	if (json)
		sink_format_json(&s, e);
	else
		sink_format_text(&s, e);
	sbuf_addc(&s, '\n');
	fwrite(s.buf, 1, s.len, f);
	fflush(f);
	sbuf_free(&s);
}

static void
sink_json_cb(const struct ev *e, void *arg)
{
	sink_print(e, arg, 1);
}

static void
sink_text_cb(const struct ev *e, void *arg)
{
	sink_print(e, arg, 0);
}

struct bus_sink *
sink_json_attach(FILE *f, uint32_t mask)
{
	return (bus_subscribe(mask, sink_json_cb, f));
}

struct bus_sink *
sink_text_attach(FILE *f, uint32_t mask)
{
	return (bus_subscribe(mask, sink_text_cb, f));
}
