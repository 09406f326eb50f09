/*
 * Fuzz the upgrade plan (src/fw/plan.c): the input's first line is the
 * running load as a phone might report it, its first byte picks the
 * model and the stage, the other lines are the loads ROOT holds.  Every
 * version prints back to one that compares equal; no plan flashes a
 * load ROOT does not hold; a bridge plan starts below 8.3(3) through a
 * bridge load; "ROOT lacks the bridge" only when no held load is one.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fw/fw_catalog.h"
#include "fw/plan.h"
#include "model/model.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
roundtrip(const struct fw_version *v)
{
	struct fw_version w;
	char		 buf[128];

	fw_version_str(v, buf, sizeof buf);
	if (v->nn > 0 && (fw_version_parse(buf, &w) != 0 ||
	    fw_version_cmp(v, &w) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct plan_in in;
	struct plan	 p;
	char		 text[2048], *line, *next;
	size_t		 i, j;
	int		 held, bridge = 0;

	if (len < 1 || len >= sizeof text)
		return (0);
	memset(&in, 0, sizeof in);
	in.model = model_at(data[0] % model_count());
	in.stage = (enum plan_stage)(data[0] / 64 % 3);
	memcpy(text, data + 1, len - 1);
	text[len - 1] = '\0';
	if ((next = strchr(text, '\n')) != NULL)
		*next++ = '\0';
	if (plan_parse_running(text, &in.running) == 0)
		roundtrip(&in.running.ver);
	(void)plan_stage_of_request(text);
	for (line = next; line != NULL && in.nheld < PLAN_MAX_HELD;
	    line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strlen(line) >= FW_NAME_MAX ||
		    fw_version_of_load(line, &in.held[in.nheld].ver) != 0)
			continue;
		roundtrip(&in.held[in.nheld].ver);
		strcpy(in.held[in.nheld].load, line);
		in.held[in.nheld].complete = (int)(strlen(line) & 1);
		bridge |= plan_is_bridge(&in.held[in.nheld].ver);
		in.nheld++;
	}
	if (plan_make(&in, &p) > PLAN_BLOCKED || p.nsteps > PLAN_MAX_STEPS)
		abort();
	for (i = 0; i < p.nsteps; i++) {
		for (j = 0, held = 0; j < in.nheld; j++)
			held |= strcasecmp(in.held[j].load, p.step[i].load) == 0;
		if (!held)
			abort();
	}
	if (p.kind == PLAN_BRIDGE && (p.nsteps != 2 || !in.running.known ||
	    plan_is_bridge(&in.running.ver) ||
	    plan_new_key_only(&in.running.ver)))
		abort();
	if (p.kind == PLAN_LACKS && (bridge || p.nsteps != 0))
		abort();
	plan_str(&p, text, sizeof text);
	return (0);
}
