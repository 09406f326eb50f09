# tests/lib/nmns.sh: a real NetworkManager for a test, confined to a
# network namespace the test made (tests/lib/netns.sh), with a D-Bus
# system bus of its own and private configuration and state.  It never
# runs in the machine's own namespace and never sees the machine's bus:
# it is started inside `unshare --mount --uts` with a private /run, and
# only after checking that its namespace is not ours and holds no link
# but loopback and the test's own.
#
#   . "$top_srcdir/tests/lib/netns.sh"; . "$top_srcdir/tests/lib/nmns.sh"
#   nmns_require                 exit 77 unless NetworkManager, nmcli and
#                                dbus-daemon are installed
#   nmns_pair                    $NS_SRV and $NS_PHONE joined by a veth
#                                pair ($IF_SRV, $IF_PHONE), both up, no
#                                addresses, $NETNS_TMP made
#   nmns_start NS PREFIX         bus + NetworkManager in namespace NS
#                                (its links named PREFIX*); waits until
#                                it manages them (veths are, untold).  Sets NMNS_BUS (the
#                                bus address, for DBUS_SYSTEM_BUS_ADDRESS)
#   nmns_nmcli ARGS...           nmcli against that NetworkManager
#   nmns_state IF                the device's state ("unmanaged", ...)
#   nmns_conn IF                 its connection ("" for none)
#
# NetworkManager and dbus-daemon are started with netns_bg, so the trap
# of netns.sh ends them by PID.  Why /sys is read-only below: without
# udev NetworkManager otherwise waits for the link to be "initialised"
# forever and leaves it unmanaged.

nmns_require() {
	for p in NetworkManager nmcli dbus-daemon unshare; do
		if ! command -v "$p" >/dev/null 2>&1; then
			echo "SKIP: $p is missing (quickstart installs network-manager)" >&2
			exit 77
		fi
	done
}

nmns_nmcli() { DBUS_SYSTEM_BUS_ADDRESS=$NMNS_BUS nmcli "$@"; }
nmns_state() { nmns_nmcli -g GENERAL.STATE device show "$1" 2>/dev/null | sed 's/^[0-9]* (\(.*\))$/\1/'; }
nmns_conn() { nmns_nmcli -g GENERAL.CONNECTION device show "$1" 2>/dev/null; }

nmns_pair() {
	netns_trap
	NETNS_TMP=$(mktemp -d)
	chmod 755 "$NETNS_TMP"	# serve runs as nobody once started
	netns_add NS_SRV n || exit 99
	netns_add NS_PHONE p || exit 99
	netns_name v; IF_SRV=$NETNS_NAME
	netns_name w; IF_PHONE=$NETNS_NAME
	ip link add "$IF_SRV" netns "$NS_SRV" type veth peer name "$IF_PHONE" \
	    netns "$NS_PHONE" || exit 99
	ip -n "$NS_PHONE" link set "$IF_PHONE" up
	ip -n "$NS_SRV" link set "$IF_SRV" up
}

nmns_start() {
	ns=$1 prefix=$2
	d=$NETNS_TMP/nm
	mkdir -p "$d/bus" "$d/etc" "$d/lib" "$d/run" "$d/conf.d" "$d/conns"
	chmod 700 "$d/bus" "$d/lib"
	NMNS_BUS=unix:path=$d/bus/system_bus_socket
	# Only root may use this bus; only root may own NetworkManager's names.
	cat >"$d/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>$NMNS_BUS</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="root"/>
    <deny own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
  <policy user="root">
    <allow own_prefix="org.freedesktop.NetworkManager"/>
  </policy>
</busconfig>
EOF
	cat >"$d/etc/NetworkManager.conf" <<EOF
[main]
plugins=keyfile
dhcp=internal
dns=none
rc-manager=unmanaged
systemd-resolved=false
hostname-mode=none
auth-polkit=root-only

[logging]
level=INFO

[connectivity]
enabled=false
EOF
	printf 'nmns\n' >"$d/hostname"
	: >"$d/resolv.conf"
	netns_bg "$ns" dbus-daemon --config-file="$d/bus.conf" --nofork \
	    --nopidfile >"$d/dbus.log" 2>&1
	i=0
	while [ ! -S "$d/bus/system_bus_socket" ]; do
		[ $i -ge 100 ] && { cat "$d/dbus.log" >&2; return 1; }
		sleep 0.05; i=$((i + 1))
	done
	ours=$(readlink /proc/self/ns/net)
	netns_bg "$ns" env NMNS_D="$d" NMNS_OURS="$ours" NMNS_NS="$ns" \
	    NMNS_PREFIX="$prefix" DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" \
	    unshare --mount --uts --propagation private sh -c '
		set -e
		# Refuse unless this is the test namespace with the test links only.
		here=$(readlink /proc/self/ns/net)
		[ -n "$here" ] && [ "$here" != "$NMNS_OURS" ] ||
		    { echo "nmns: not in a namespace of our own" >&2; exit 90; }
		[ "$(ip netns identify)" = "$NMNS_NS" ] ||
		    { echo "nmns: not in $NMNS_NS" >&2; exit 91; }
		other=$(ip -o link show | sed -E "s/^[0-9]+: ([^:@]+).*/\1/" |
		    grep -v -e "^lo\$" -e "^$NMNS_PREFIX" || true)
		[ -z "$other" ] || { echo "nmns: foreign links: $other" >&2; exit 92; }
		hostname nmns
		mount -t tmpfs -o mode=755,size=8m nmns-run /run
		mkdir -p /run/NetworkManager /run/dbus
		mount --bind "$NMNS_D/run" /run/NetworkManager
		mount --bind "$NMNS_D/bus" /run/dbus
		mount --bind "$NMNS_D/etc" /etc/NetworkManager
		mount --bind "$NMNS_D/lib" /var/lib/NetworkManager
		mount --bind "$NMNS_D/conf.d" /usr/lib/NetworkManager/conf.d
		mount --bind "$NMNS_D/conns" /usr/lib/NetworkManager/system-connections
		mount --bind "$NMNS_D/resolv.conf" /etc/resolv.conf
		mount --bind "$NMNS_D/hostname" /etc/hostname
		mount -o remount,bind,ro /sys
		exec NetworkManager --no-daemon --config=/etc/NetworkManager/NetworkManager.conf
	    ' >"$d/nm.log" 2>&1
	NMNS_PID=$LAST_PID
	i=0
	while :; do
		kill -0 "$NMNS_PID" 2>/dev/null || { cat "$d/nm.log" >&2; return 1; }
		st=$(nmns_nmcli -t -f DEVICE,STATE device 2>/dev/null |
		    sed -n "s/^$prefix[^:]*://p" | head -1)
		[ -n "$st" ] && [ "$st" != unmanaged ] && break
		[ $i -ge 300 ] && { echo "nmns: no managed $prefix* after 30 s" >&2; cat "$d/nm.log" >&2; return 1; }
		sleep 0.1; i=$((i + 1))
	done
	export NMNS_BUS
}
