/*
 * sink.h: the printers behind `serve` and `sniff`: every event as one
 * line, either JSON (one object per line, PRODUCT.md's names) or text for
 * a person watching a terminal.  Lines are flushed as written.
 */
#ifndef CORE_SINK_H
#define CORE_SINK_H

#include <stdint.h>
#include <stdio.h>

#include "ev.h"
#include "sbuf.h"

struct bus_sink;

/* Format one event into s (no newline). */
void		 sink_format_json(struct sbuf *, const struct ev *);
void		 sink_format_text(struct sbuf *, const struct ev *);
/* RFC 3339 UTC with milliseconds: "2026-11-23T06:30:43.123Z". */
void		 sink_rfc3339(char *, size_t, uint64_t);

/* Subscribe a printer for the events in mask, writing lines to f. */
struct bus_sink	*sink_json_attach(FILE *, uint32_t);
struct bus_sink	*sink_text_attach(FILE *, uint32_t);

#endif /* CORE_SINK_H */
