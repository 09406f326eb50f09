/*
 * cmd_fw.h: printing shared by `import`, `firmware` and `config`
 * (cmd_firmware.c).
 */
#ifndef CMD_CMD_FW_H
#define CMD_CMD_FW_H

#include <stdio.h>

struct fw_catalog;
struct model;

/* Per model ROOT serves: the load, complete or not, the notes. */
int	 fwcmd_print_served(FILE *, const struct fw_catalog *);
/*
 * One model's line as `firmware` prints it ("7970     LOAD (9.4(2)SR3-1)
 * via term70.default.loads: complete", then its other versions and notes);
 * with a non-empty lead, the first line only, after lead.  1 served
 * (complete or not), 0 not served.  *incomplete is set
 * when the load served is not complete.
 */
int	 fwcmd_print_model(FILE *, const struct fw_catalog *,
	     const struct model *, const char *, int *);
/*
 * The models an import serves (m->serves), each as fwcmd_print_model()
 * prints it after "  serves ", from ROOT as it is now.
 */
struct fw_manifest;
void	 fwcmd_print_bundle_serves(FILE *, const char *,
	     const struct fw_manifest *);
/* The ROOT a command uses: -r, else $PHONERESCUE_ROOT, else the default. */
const char *fwcmd_root(const char *);

#endif /* CMD_CMD_FW_H */
