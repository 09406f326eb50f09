# tests/lib/netns.sh: network namespaces for tests, sourced by tests/net/*.sh.
#
#   . "$top_srcdir/tests/lib/netns.sh"
#   netns_require_root            exit 77 unless root (99 under CI)
#   netns_pair                    two namespaces joined by a veth pair:
#                                 $NS_SRV (198.18.N.1/24 on $IF_SRV)
#                                 $NS_PHONE (198.18.N.2/24 on $IF_PHONE)
#   netns_add VAR TAG             one more namespace; its name in $VAR
#   netns_bg NS CMD...            start CMD inside NS in the background;
#                                 its PID is remembered and killed at exit
#   netns_wait_for FILE REGEX [SECS]   wait until FILE has a line matching
#
# Names are unique per test run (pr<pid><n>), every namespace and process
# this file made is removed on any exit (trap), and nothing touches an
# interface the test did not create.  Addresses come from 198.18.0.0/15.

NETNS_ID="${NETNS_ID:-$$}"
NETNS_LIST=""
NETNS_PIDS=""
NETNS_N=0

netns_require_root() {
	if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null 2>&1; then
		if [ "${PHONERESCUE_REQUIRE_ROOT:-0}" = 1 ]; then
			echo "needs root and iproute2, and PHONERESCUE_REQUIRE_ROOT=1: failing" >&2
			exit 99
		fi
		echo "SKIP: needs root and iproute2 (network namespaces)" >&2
		exit 77
	fi
}

netns_cleanup() {
	set +e
	for pid in $NETNS_PIDS; do
		kill "$pid" 2>/dev/null
	done
	for pid in $NETNS_PIDS; do
		# Give each its own chance to exit, then insist.
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null
	done
	for ns in $NETNS_LIST; do
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "${NETNS_TMP:-}" ] && rm -rf "$NETNS_TMP"
	return 0
}

netns_trap() {
	trap 'rc=$?; netns_cleanup; exit $rc' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# A short unique name: interface names are at most 15 bytes.
netns_name() {
	NETNS_N=$((NETNS_N + 1))
	NETNS_NAME=$(printf 'pr%s%s%s' "$(printf '%s' "$NETNS_ID" | tail -c 7)" "$1" "$NETNS_N")
}

# netns_add VAR TAG: make a namespace, store its name in $VAR.  (Not via
# $(...): a subshell would lose the list the trap cleans up.)
netns_add() {
	netns_name "$2"
	ip netns add "$NETNS_NAME" || return 1
	NETNS_LIST="$NETNS_LIST $NETNS_NAME"
	ip -n "$NETNS_NAME" link set lo up
	eval "$1=\$NETNS_NAME"
}

# netns_pair [SUBNET_OCTET]: server and phone namespaces on one veth link.
netns_pair() {
	netns_trap
	NETNS_TMP=$(mktemp -d)
	# serve runs as nobody once started: ROOT and state below must be reachable.
	chmod 755 "$NETNS_TMP"
	net=${1:-$(( (NETNS_ID % 200) + 10 ))}
	netns_add NS_SRV s || exit 99
	netns_add NS_PHONE p || exit 99
	netns_name v; IF_SRV=$NETNS_NAME
	netns_name w; IF_PHONE=$NETNS_NAME
	ip link add "$IF_SRV" netns "$NS_SRV" type veth peer name "$IF_PHONE" netns "$NS_PHONE" || exit 99
	SRV_IP=198.18.$net.1
	PHONE_IP=198.18.$net.2
	SUBNET=198.18.$net
	ip -n "$NS_SRV" addr add "$SRV_IP/24" dev "$IF_SRV"
	ip -n "$NS_PHONE" addr add "$PHONE_IP/24" dev "$IF_PHONE"
	ip -n "$NS_SRV" link set "$IF_SRV" up
	ip -n "$NS_PHONE" link set "$IF_PHONE" up
	export NS_SRV NS_PHONE IF_SRV IF_PHONE SRV_IP PHONE_IP SUBNET NETNS_TMP
}

netns_bg() {
	ns=$1; shift
	ip netns exec "$ns" "$@" &
	NETNS_PIDS="$NETNS_PIDS $!"
	LAST_PID=$!
}

netns_wait_for() {
	file=$1 re=$2 secs=${3:-10}
	i=0
	while [ $i -lt $((secs * 10)) ]; do
		if [ -f "$file" ] && grep -qE "$re" "$file"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out after ${secs}s waiting for /$re/ in $file" >&2
	[ -f "$file" ] && sed 's/^/  | /' "$file" >&2
	return 1
}
