/*
 * Wizard scripts: timed bus events and wizard commands read from a text
 * file and replayed under the fake clock (a test and demo aid: see
 * wizard.h for the format).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bus.h"
#include "compat.h"
#include "log.h"
#include "model/model.h"
#include "util.h"
#include "wizard.h"
#include "xmalloc.h"

#define SCRIPT_MAX_WORDS	32

struct script_line {
	uint64_t	 at;
	int		 is_cmd;
	struct ev	 ev;
	char		*cmd[4];	/* command words */
};

struct wizard_script {
	struct script_line	*lines;
	size_t			 n, next;
	struct wizard_iface	 ifaces[WIZ_MAX_IFACES];
	size_t			 nifaces;
};

/*
 * The field of event t named key, by the schema (core/ev.h).  The TFTP
 * events share one struct, so any of them takes any TFTP event's fields
 * (a script may give a tftp_done its size).
 */
static const struct ev_field *
script_field(enum ev_type t, const char *key)
{
	const struct ev_field	*f;
	int			 u;

	if ((f = ev_field_find(t, key)) != NULL ||
	    t < EV_TFTP_START || t > EV_TFTP_ERROR)
		return (f);
	for (u = EV_TFTP_START; u <= EV_TFTP_ERROR && f == NULL; u++)
		f = ev_field_find(u, key);
	return (f);
}

int
wizard_script_parse_event(char **words, int n, struct ev *ev, char *err,
    size_t errlen)
{
	const struct ev_field	*f;
	int			 i, t;
	char			*eq;

	memset(ev, 0, sizeof *ev);
	if (n < 1) {
		snprintf(err, errlen, "no event name");
		return (-1);
	}
	if ((t = ev_type_from_name(words[0])) < 0) {
		snprintf(err, errlen, "unknown event %s", words[0]);
		return (-1);
	}
	ev->type = t;
	for (i = 1; i < n; i++) {
		if ((eq = strchr(words[i], '=')) == NULL) {
			snprintf(err, errlen, "%s: want key=value", words[i]);
			return (-1);
		}
		*eq = '\0';
		f = script_field(t, words[i]);
		if (f == NULL || ev_field_set(ev, f, eq + 1) != 0) {
			snprintf(err, errlen, "%s: bad field %s", words[0],
			    words[i]);
			*eq = '=';
			return (-1);
		}
		*eq = '=';
	}
	if (t >= EV_TFTP_START && t <= EV_TFTP_ERROR && ev->u.tftp.size != 0)
		ev->u.tftp.size_known = 1;
	return (0);
}

/* Split a line into words; "double quotes" group, in place. */
static int
split_words(char *s, char **words, int max)
{
	int	 n = 0;
	char	*out;

	while (*s != '\0' && n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			break;
		words[n++] = out = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			if (*s == '"') {
				s++;
				while (*s != '\0' && *s != '"')
					*out++ = *s++;
				if (*s == '"')
					s++;
			} else
				*out++ = *s++;
		}
		if (*s != '\0')
			s++;
		*out = '\0';
	}
	return (n);
}

static int
parse_iface(struct wizard_script *sc, char **words, int n, char *err,
    size_t errlen)
{
	struct wizard_iface	*it;
	int			 i;
	char			*eq;

	if (n < 2 || sc->nifaces == WIZ_MAX_IFACES) {
		snprintf(err, errlen, "iface: want a name");
		return (-1);
	}
	it = &sc->ifaces[sc->nifaces++];
	memset(it, 0, sizeof *it);
	strlcpy(it->name, words[1], sizeof it->name);
	it->up = 1;
	for (i = 2; i < n; i++) {
		if ((eq = strchr(words[i], '=')) == NULL) {
			snprintf(err, errlen, "iface: %s: want key=value",
			    words[i]);
			return (-1);
		}
		*eq++ = '\0';
		if (strcmp(words[i], "addr") == 0)
			strlcpy(it->addr, eq, sizeof it->addr);
		else if (strcmp(words[i], "mac") == 0)
			strlcpy(it->mac, eq, sizeof it->mac);
		else if (strcmp(words[i], "carrier") == 0)
			it->carrier = atoi(eq);
		else if (strcmp(words[i], "up") == 0)
			it->up = atoi(eq);
		else if (strcmp(words[i], "wireless") == 0)
			it->wireless = atoi(eq);
		else if (strcmp(words[i], "default_route") == 0)
			it->default_route = atoi(eq);
		else if (strcmp(words[i], "speed") == 0)
			it->speed_mbps = strtoull(eq, NULL, 10);
		else {
			snprintf(err, errlen, "iface: unknown key %s", words[i]);
			return (-1);
		}
	}
	return (0);
}

struct wizard_script *
wizard_script_load(const char *path, char *err, size_t errlen)
{
	struct wizard_script	*sc;
	struct script_line	*l;
	FILE			*f;
	char			 buf[1024], e[160], *words[SCRIPT_MAX_WORDS];
	unsigned long long	 at;
	int			 n, i, lineno = 0;

	if ((f = fopen(path, "re")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	sc = xcalloc(1, sizeof *sc);
	while (fgets(buf, sizeof buf, f) != NULL) {
		lineno++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if ((n = split_words(buf, words, SCRIPT_MAX_WORDS)) == 0)
			continue;
		e[0] = '\0';
		if (strcmp(words[0], "iface") == 0) {
			if (parse_iface(sc, words, n, e, sizeof e) != 0)
				goto bad;
			continue;
		}
		if (strcmp(words[0], "at") != 0 || n < 3 ||
		    util_parse_uint(words[1], 0, UINT32_MAX, &at) != 0) {
			snprintf(e, sizeof e, "want: at MS EVENT|cmd ...");
			goto bad;
		}
		if (sc->n > 0 && at < sc->lines[sc->n - 1].at) {
			snprintf(e, sizeof e, "times must not go backwards");
			goto bad;
		}
		sc->lines = xreallocarray(sc->lines, sc->n + 1, sizeof *sc->lines);
		l = &sc->lines[sc->n];
		memset(l, 0, sizeof *l);
		l->at = at;
		if (strcmp(words[2], "cmd") == 0) {
			if (n < 4 || n > 7) {
				snprintf(e, sizeof e, "cmd: want 1 to 4 words");
				goto bad;
			}
			l->is_cmd = 1;
			for (i = 3; i < n; i++)
				l->cmd[i - 3] = xstrdup(words[i]);
		} else if (wizard_script_parse_event(words + 2, n - 2, &l->ev,
		    e, sizeof e) != 0)
			goto bad;
		sc->n++;
	}
	fclose(f);
	return (sc);
bad:
	snprintf(err, errlen, "%s:%d: %s", path, lineno, e);
	fclose(f);
	wizard_script_free(sc);
	return (NULL);
}

void
wizard_script_free(struct wizard_script *sc)
{
	size_t	 i;
	int	 j;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->n; i++) {
		for (j = 0; j < 4; j++)
			free(sc->lines[i].cmd[j]);
	}
	free(sc->lines);
	free(sc);
}

size_t
wizard_script_ifaces(const struct wizard_script *sc,
    const struct wizard_iface **out)
{
	*out = sc->ifaces;
	return (sc->nifaces);
}

/* Run one scripted command on the wizard. */
static void
script_cmd(struct wizard *w, char **c)
{
	static const struct {
		const char	*name;
		enum wizard_step step;
	} steps[] = {
		{ "pick-iface", WIZ_PICK_IFACE }, { "import-fw", WIZ_IMPORT_FW },
		{ "configure", WIZ_CONFIGURE }, { "keypad", WIZ_KEYPAD },
		{ "serving", WIZ_SERVING },
	};
	size_t	 i;

	if (strcmp(c[0], "pick") == 0 && c[1] != NULL)
		wizard_cmd_pick_iface(w, c[1], c[2] != NULL &&
		    strcmp(c[2], "force") == 0);
	else if (strcmp(c[0], "next") == 0)
		wizard_cmd_next(w);
	else if (strcmp(c[0], "back") == 0)
		wizard_cmd_back(w);
	else if (strcmp(c[0], "model") == 0 && c[1] != NULL)
		wizard_cmd_set_model(w, c[1]);
	else if (strcmp(c[0], "keypad-go") == 0)
		wizard_cmd_keypad_go(w);
	else if (strcmp(c[0], "keypad-typed") == 0)
		wizard_cmd_keypad_typed_code(w, c[1] != NULL &&
		    strcmp(c[1], "format") == 0);
	else if (strcmp(c[0], "write-sep") == 0 && c[1] != NULL)
		wizard_cmd_write_sep(w, c[1]);
	else if (strcmp(c[0], "import") == 0 && c[1] != NULL)
		wizard_cmd_import(w, c[1]);
	else if (strcmp(c[0], "dhcp-check") == 0)
		wizard_cmd_dhcp_check(w);
	else if (strcmp(c[0], "dhcp-force") == 0)
		wizard_cmd_dhcp_force(w);
	else if (strcmp(c[0], "fatal") == 0)	/* tests: the fatal() path */
		fatalx("scripted fatal error");
	else if (strcmp(c[0], "goto") == 0 && c[1] != NULL) {
		for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			if (strcmp(steps[i].name, c[1]) == 0)
				wizard_cmd_goto(w, steps[i].step);
		}
	}
}

int
wizard_script_step(struct wizard_script *sc, struct wizard *w, uint64_t base,
    uint64_t *now)
{
	uint64_t	 at;

	if (sc->next >= sc->n)
		return (0);
	at = sc->lines[sc->next].at;
	*now = base + at;
	while (sc->next < sc->n && sc->lines[sc->next].at == at) {
		struct script_line *l = &sc->lines[sc->next++];
		if (l->is_cmd)
			script_cmd(w, l->cmd);
		else
			bus_post(&l->ev);
	}
	return (sc->next < sc->n);
}

int64_t
wizard_script_next_at(const struct wizard_script *sc)
{
	return (sc->next < sc->n ? (int64_t)sc->lines[sc->next].at : -1);
}
