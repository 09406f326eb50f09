# src/host: what assembles the engines into a running program: the serve
# host (serve.c and one serve_<engine>.c per engine), the wizard host and
# its import child.  `serve`, `wizard` and `demo` run these.

phonerescue_SOURCES += \
	src/host/serve.h src/host/serve.c src/host/serve_stage.c \
	src/host/serve_iface.c src/host/serve_tftp.c src/host/serve_ports.c \
	src/host/serve_http.c src/host/serve_dhcp.c src/host/serve_sniff.c \
	src/host/serve_track.c src/host/serve_priv.c src/host/serve_hook.c \
	src/host/serve_record.c src/host/serve_site.c \
	src/host/serve_firewall.c src/host/serve_vlan.c \
	src/host/wizard_app.h src/host/wizard_host.c src/host/wizard_import.c

# The start-up machine with fake stages under the fake clock (issue 18.1).
UNIT_TESTS += tests/unit/test_serve_stage
tests_unit_test_serve_stage_SOURCES = tests/unit/test_serve_stage.c \
	src/host/serve_stage.c
# An interface deleted and made again under its name while serving (issue 19).
SHELL_TESTS += tests/net/iface-replug.sh
# Who else configures the interface (NetworkManager, networkd, DHCP
# clients), started before the interface engine.
phonerescue_SOURCES += src/host/serve_netmgr.c
