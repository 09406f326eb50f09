# src/cmd: the command line: one cmd_<name>.c per command (parse the
# options, call the module, print), the command table and main.

phonerescue_SOURCES += src/main.c src/cmd/cmd.h src/cmd/commands.c \
	src/cmd/cmd_fw.h \
	src/cmd/cmd_serve.c src/cmd/cmd_wizard.c src/cmd/cmd_demo.c \
	src/cmd/cmd_simphone.c src/cmd/cmd_sniff.c src/cmd/cmd_export.c \
	src/cmd/cmd_import.c src/cmd/cmd_firmware.c src/cmd/cmd_models.c \
	src/cmd/cmd_config.c src/cmd/cmd_lease_hook.c \
	src/cmd/cmd_report.c
