/*
 * phonerescue models [MODEL]: the phones phonerescue knows, from the one
 * model table (data/models.tsv): device type, default load file, load
 * prefixes, and for one model the keypad sequences, LED cues and power
 * note a technician needs at the bench.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "model/model.h"

static void
print_one(const struct model *m)
{
	printf("model %s (%s family)\n", m->name, m->family);
	printf("  device type:    %u (loadInformation%u)\n", m->devtype,
	    m->devtype);
	printf("  default load:   %s\n", m->term[0] != '\0' ? m->term :
	    "none: the phone asks for its configuration, then the load it "
	    "names");
	printf("  load prefixes:  %s (SCCP), %s (SIP)\n", m->sccp_prefix,
	    m->sip_prefix);
	printf("  DHCP option 60: %s\n", m->vendor_class);
	printf("  factory reset:  %s\n", m->reset[0] != '\0' ?
	    "hold # while powering on, then type the code below" :
	    "no power-on key sequence");
	if (m->leds_hold[0] != '\0')
		printf("    when:         %s\n", m->leds_hold);
	if (m->reset[0] != '\0')
		printf("    type:         %s\n", m->reset);
	if (m->hard_reset[0] != '\0')
		printf("    or, if that fails: %s (full erase)\n", m->hard_reset);
	if (m->leds_ok[0] != '\0')
		printf("    then:         %s\n", m->leds_ok);
	if (m->power[0] != '\0')
		printf("  power:          %s\n", m->power);
	printf("  LLDP-MED:       %s\n", m->lldp ? "yes" : "no (CDP only)");
}

static int
cmd_models(const struct cmd *self, int argc, char **argv)
{
	const struct model *m;
	size_t		 i;

	if (argc > 2)
		return (cmd_usage_error(self, "too many arguments"));
	if (argc == 2) {
		if ((m = model_find(argv[1])) == NULL) {
			fprintf(stderr, "phonerescue models: unknown model %s "
			    "(phonerescue models lists them)\n", argv[1]);
			return (EC_FAIL);
		}
		print_one(m);
		return (EC_OK);
	}
	printf("%-8s %-7s %-22s %-9s %-9s %s\n", "MODEL", "DEVTYPE",
	    "DEFAULT LOAD", "SCCP", "SIP", "RESET");
	for (i = 0; i < model_count(); i++) {
		m = model_at(i);
		printf("%-8s %-7u %-22s %-9s %-9s %s\n", m->name, m->devtype,
		    m->term[0] != '\0' ? m->term : "-", m->sccp_prefix,
		    m->sip_prefix, m->reset[0] != '\0' ? m->reset : "-");
	}
	return (EC_OK);
}

const struct cmd cmd_models_def = {
	"models", cmd_models, "models [MODEL]",
	"the phone models: IDs, load files, reset sequences, LED cues",
	"Without MODEL, one line per known model: device type (the NNN of\n"
	"loadInformationNNN), the default load file a factory-reset phone\n"
	"asks for, the SCCP and SIP load prefixes and the reset code.\n"
	"With MODEL (7970, CP-7961G-GE, \"IP Phone 7942\"), everything known\n"
	"about it: when to let go of #, what to type, what a good reset\n"
	"looks like, and power caveats.\n",
};
