/*
 * sim_report.h: what a simulated phone tells, as records.  sim_phone.c
 * fills one struct sim_report per thing that happened (its kind, the
 * milliseconds since power-on, named fields) and hands it to its host;
 * the host prints it with sim_report_json() (one JSON object, the
 * project's one string encoder, sbuf_add_json) or sim_report_text()
 * ("sim=file ms=812 file=SEP001BD4A1B2C3.cnf.xml ..."), both walking the
 * same fields with sim_report_visit().
 *
 *	void report(void *arg, const struct sim_report *r) {
 *		sbuf_reset(&b); sim_report_json(&b, r); puts(sbuf_str(&b));
 *	}
 */
#ifndef SIM_SIM_REPORT_H
#define SIM_SIM_REPORT_H

#include <stddef.h>

struct sbuf;

#define SIM_REPORT_FIELDS	24
#define SIM_REPORT_TEXT		3072	/* a .loads list of 16 names fits */

enum sim_report_kind {
	SIM_REP_STR,
	SIM_REP_NUM,
	SIM_REP_BOOL,
	SIM_REP_LIST,		/* strings, one after the other, NUL-ended */
};

struct sim_report_field {
	const char		*key;	/* a literal: sim_phone.c's names */
	enum sim_report_kind	 kind;
	unsigned long long	 num;	/* NUM, BOOL; LIST: how many */
	size_t			 off;	/* STR, LIST: into text[] */
};

struct sim_report {
	const char		*what;	/* "start", "dhcp", "file"... */
	unsigned long long	 ms;	/* since power-on */
	size_t			 nfields;
	struct sim_report_field	 f[SIM_REPORT_FIELDS];
	char			 text[SIM_REPORT_TEXT];
	size_t			 textlen;
	int			 truncated;	/* a field left out */
};

void	 sim_report_begin(struct sim_report *, const char *,
	     unsigned long long);
void	 sim_report_str(struct sim_report *, const char *, const char *);
void	 sim_report_num(struct sim_report *, const char *, unsigned long long);
void	 sim_report_bool(struct sim_report *, const char *, int);
/* A list field: begin it, then add its strings (after it, no field). */
void	 sim_report_list(struct sim_report *, const char *);
void	 sim_report_list_add(struct sim_report *, const char *);

/* The walk both printers make: what and ms first, then every field. */
struct sim_report_visitor {
	void	(*str)(void *, const char *, const char *);
	void	(*num)(void *, const char *, unsigned long long);
	void	(*flag)(void *, const char *, int);
	/* A list: start(key, n), then item(s) n times, then end. */
	void	(*list_start)(void *, const char *, size_t);
	void	(*list_item)(void *, const char *, size_t);
	void	(*list_end)(void *);
};
void	 sim_report_visit(const struct sim_report *,
	     const struct sim_report_visitor *, void *);

/* {"sim":"file","ms":812,"file":"...",...}, no newline. */
void	 sim_report_json(struct sbuf *, const struct sim_report *);
/* sim=file ms=812 file=... (values quoted when they need it). */
void	 sim_report_text(struct sbuf *, const struct sim_report *);

#endif /* SIM_SIM_REPORT_H */
