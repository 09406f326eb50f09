# src/host: what assembles the engines into a running program: the serve
# host (serve.c and one serve_<engine>.c per engine), the wizard host and
# its import child.  `serve`, `wizard` and `demo` run these.

phonerescue_SOURCES += \
	src/host/serve.h src/host/serve.c \
	src/host/serve_iface.c src/host/serve_tftp.c src/host/serve_ports.c \
	src/host/serve_http.c src/host/serve_dhcp.c src/host/serve_sniff.c \
	src/host/serve_noload.c src/host/serve_priv.c src/host/serve_hook.c \
	src/host/wizard_app.h src/host/wizard_host.c src/host/wizard_import.c

# Who else configures the interface (NetworkManager, networkd, DHCP
# clients), started before the interface engine.
phonerescue_SOURCES += src/host/serve_netmgr.c
