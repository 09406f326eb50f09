# src/net: the host's network: interfaces and addresses (rtnetlink), the
# recovery-address state, raw frames, privileges, the seccomp sandbox, and
# the namespace lab the demo runs in (netns.c).

src_libphonerescue_a_SOURCES += \
	src/net/net.h src/net/net_iface.c src/net/net_state.c src/net/net_pkt.c \
	src/net/net_wire.h src/net/net_cksum.c \
	src/net/net_priv.c src/net/net_priv.h \
	src/net/netns.c src/net/netns.h \
	src/net/firewall.c src/net/firewall.h

UNIT_TESTS += tests/unit/test_net_pkt tests/unit/test_net_iface \
	tests/unit/test_net_priv tests/unit/test_netns

UNIT_TESTS += tests/unit/test_net_watch tests/unit/test_firewall

SHELL_TESTS += \
	tests/net/iface-many.sh \
	tests/net/link-flap.sh \
	tests/net/flap-transfer.sh \
	tests/net/serve-lock.sh \
	tests/net/tftp-lo.sh

# The seccomp filter after the drop (libseccomp).
src_libphonerescue_a_SOURCES += src/net/net_sandbox.c src/net/net_sandbox.h
src_libphonerescue_a_CPPFLAGS += $(SECCOMP_CFLAGS)
CORE_LIBS += $(SECCOMP_LIBS)

# The host firewall (firewall.c): detection, --open-firewall, clean-up.
SHELL_TESTS += tests/net/firewall.sh
# Who else configures an interface: NetworkManager (libdbus),
# systemd-networkd, DHCP clients.
src_libphonerescue_a_SOURCES += src/net/netmgr.c src/net/netmgr.h
src_libphonerescue_a_CPPFLAGS += $(DBUS_CFLAGS)
CORE_LIBS += $(DBUS_LIBS)
UNIT_TESTS += tests/unit/test_netmgr
EXTRA_DIST += tests/data/netmgr
# A real NetworkManager in the test's own namespace, with its own bus.
SHELL_TESTS += tests/net/nm-takeover.sh
EXTRA_DIST += tests/lib/nmns.sh
# The wizard's interface list names NetworkManager and a DHCP client.
SHELL_TESTS += tests/ui/nm-list.sh
