/*
 * cmd.h: the subcommands of the phonerescue program.  Each lives in its
 * own cmd_<name>.c, defines a `const struct cmd cmd_<name>_def`, and is
 * listed in cmd_table (commands.c) once it works: `help` shows exactly the
 * listed ones.
 */
#ifndef CMD_CMD_H
#define CMD_CMD_H

struct cmd {
	const char	*name;
	int		(*fn)(const struct cmd *, int, char **);
	const char	*usage;		/* after "phonerescue " */
	const char	*summary;	/* one line for the command list */
	const char	*help;		/* paragraphs for `help NAME` */
};

extern const struct cmd *const	 cmd_table[];	/* NULL-terminated */

/* One definition per command file. */
extern const struct cmd	 cmd_serve_def;
extern const struct cmd	 cmd_import_def, cmd_firmware_def, cmd_config_def,
			 cmd_models_def;
extern const struct cmd	 cmd_sniff_def;
extern const struct cmd	 cmd_wizard_def;
extern const struct cmd	 cmd_simphone_def, cmd_demo_def;
extern const struct cmd	 cmd_export_def;
extern const struct cmd	 cmd_report_def;
extern const struct cmd	 cmd_lease_hook_def;

const struct cmd *cmd_find(const char *);
/* "phonerescue NAME: message" + usage on stderr; returns EC_USAGE. */
int		 cmd_usage_error(const struct cmd *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
void		 cmd_print_usage(const struct cmd *, int);
/*
 * The usage error for what getopt_long returned when it is no known option
 * (with a leading ':' in optstring): ':' is a missing value, anything else
 * an unknown option.  Returns EC_USAGE.
 */
int		 cmd_getopt_error(const struct cmd *, int, char **);
/*
 * After the options: 0 when nothing is left (optind == argc), else the
 * usage error for the first operand ("unexpected argument"), EC_USAGE.
 */
int		 cmd_getopt_done(const struct cmd *, int, char **);

int		 cmd_help(const struct cmd *, int, char **);
int		 cmd_version(const struct cmd *, int, char **);

#endif /* CMD_CMD_H */
