/*
 * cmd_fw.h: printing shared by `import`, `firmware` and `config`
 * (cmd_firmware.c).
 */
#ifndef CMD_CMD_FW_H
#define CMD_CMD_FW_H

#include <stdio.h>

struct fw_catalog;

/* Per model ROOT serves: the load, complete or not, the notes. */
int	 fwcmd_print_served(FILE *, const struct fw_catalog *);
/* The ROOT a command uses: -r, else $PHONERESCUE_ROOT, else the default. */
const char *fwcmd_root(const char *);

#endif /* CMD_CMD_FW_H */
