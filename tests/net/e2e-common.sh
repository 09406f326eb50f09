# tests/net/e2e-common.sh: shared set-up for tests/net/e2e-*.sh, the
# end-to-end tests: the synthetic firmware bundle imported into a root,
# `phonerescue serve` (DHCP, TFTP, sniffer) in one namespace and simulated
# phones (`phonerescue simphone`) in others.
#
#   . "$top_srcdir/tests/net/e2e-common.sh"
#   e2e_setup                   namespace pair, $ROOT with the demo bundles
#   e2e_bridge N                instead of a pair: a bridge namespace with
#                               the server and N phone namespaces on it;
#                               phone k is $NS_PHONE_k on $IF_PHONE_k
#   e2e_serve [ARGS...]         serve on $IF_SRV, JSON events in $SERVE_LOG
#   e2e_phone NS IF LOG ARGS... run a simulated phone (foreground)
#   e2e_check ARGS...           tests/net/e2e-check.py over the logs
#   e2e_phones_ok               1 (and why) unless every phone*.log.rc is 0
#   e2e_sim_result LOG FIELD    a field of a simulated phone's result
. "$top_srcdir/tests/lib/netns.sh"

PY=/usr/bin/python3

e2e_common() {
	netns_require_root
	if [ ! -x "$PY" ]; then
		echo "SKIP: $PY is missing (quickstart installs it)" >&2
		exit 77
	fi
	ROOT=$NETNS_TMP/root
	mkdir -p "$ROOT"
	SERVE_LOG=$NETNS_TMP/serve.log
	SERVE_ERR=$NETNS_TMP/serve.err
	PHONERESCUE_STATE_DIR=$NETNS_TMP/state
	export PHONERESCUE_STATE_DIR
	# The demo bundles as zips, imported like downloads would be: CNU
	# loads for 7970/7971 and 7942/7962, the legacy one for 7940/7960.
	for v in base legacy; do
		"$PHONERESCUE" import --make-demo-bundle "$NETNS_TMP/$v.zip" \
		    --variant $v --format zip >>"$NETNS_TMP/import.log" 2>&1 &&
		"$PHONERESCUE" import -r "$ROOT" "$NETNS_TMP/$v.zip" \
		    >>"$NETNS_TMP/import.log" 2>&1 || {
			cat "$NETNS_TMP/import.log" >&2; exit 99; }
	done
}

e2e_setup() {
	netns_pair
	e2e_common
}

# A bridge inside its own namespace; the server and N phones hang off it.
e2e_bridge() {
	netns_trap
	NETNS_TMP=$(mktemp -d)
	net=$(( (NETNS_ID % 200) + 10 ))
	netns_add NS_BR b || exit 99
	netns_add NS_SRV s || exit 99
	ip -n "$NS_BR" link add br0 type bridge || exit 99
	ip -n "$NS_BR" link set br0 up
	netns_name v; IF_SRV=$NETNS_NAME
	netns_name x
	ip link add "$IF_SRV" netns "$NS_SRV" type veth peer name "$NETNS_NAME" \
	    netns "$NS_BR" || exit 99
	ip -n "$NS_BR" link set "$NETNS_NAME" master br0 up
	SRV_IP=198.18.$net.1
	SUBNET=198.18.$net
	ip -n "$NS_SRV" addr add "$SRV_IP/24" dev "$IF_SRV"
	ip -n "$NS_SRV" link set "$IF_SRV" up
	k=1
	while [ $k -le "$1" ]; do
		netns_add ns p || exit 99
		netns_name w; ifp=$NETNS_NAME
		netns_name x
		ip link add "$ifp" netns "$ns" type veth peer name "$NETNS_NAME" \
		    netns "$NS_BR" || exit 99
		ip -n "$NS_BR" link set "$NETNS_NAME" master br0 up
		ip -n "$ns" link set "$ifp" up
		eval "NS_PHONE_$k=\$ns IF_PHONE_$k=\$ifp"
		k=$((k + 1))
	done
	export NS_SRV IF_SRV SRV_IP SUBNET NETNS_TMP
	e2e_common
}

e2e_serve() {
	netns_bg "$NS_SRV" "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" \
	    --leases "$NETNS_TMP/leases" --json "$@" >"$SERVE_LOG" 2>"$SERVE_ERR"
	SERVE_PID=$LAST_PID
	if ! netns_wait_for "$SERVE_LOG" '"event":"ready"' 15; then
		sed 's/^/  serve: /' "$SERVE_ERR" >&2
		exit 99
	fi
}

# e2e_phone NS IF LOG ARGS...: exit status of the simulated phone.
e2e_phone() {
	ns=$1 ifc=$2 log=$3
	shift 3
	ip netns exec "$ns" "$PHONERESCUE" simphone -i "$ifc" --json \
	    --timeout 60 "$@" >"$log" 2>"$log.err"
}

# Stop serve (SIGTERM) so its last events are written, then check.  A
# phone exits once it has sent its last ACK; serve may not have read that
# ACK yet (tftp_done), so first wait until serve's event log has been quiet
# for a second (at most 10 s).
e2e_stop_serve() {
	last=-1 quiet=0 i=0
	while [ $quiet -lt 10 ] && [ $i -lt 100 ]; do
		size=$(wc -c <"$SERVE_LOG" 2>/dev/null || echo 0)
		if [ "$size" = "$last" ]; then
			quiet=$((quiet + 1))
		else
			quiet=0 last=$size
		fi
		sleep 0.1; i=$((i + 1))
	done
	kill "$SERVE_PID" 2>/dev/null
	i=0
	while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

e2e_phones_ok() {
	ok=0
	for f in "$NETNS_TMP"/phone*.log; do
		rc=$(cat "$f.rc")
		[ "$rc" = 0 ] || { echo "FAIL: $(basename "$f"): simphone exited $rc"; ok=1; }
	done
	return $ok
}

e2e_check() {
	"$PY" "$top_srcdir/tests/net/e2e-check.py" --root "$ROOT" \
	    --serve "$SERVE_LOG" "$@"
}

# e2e_sim_result LOG FIELD: a field of a simulated phone's result record
# (a list or number as JSON), "" when it has none.
e2e_sim_result() {
	"$PY" - "$1" "$2" <<'EOP'
import json, sys
v = ""
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("sim") == "result":
        x = r.get(sys.argv[2], "")
        v = json.dumps(x) if not isinstance(x, str) else x
print(v)
EOP
}

e2e_dump() {
	echo "--- serve" >&2; cat "$SERVE_LOG" "$SERVE_ERR" >&2
	for f in "$@"; do echo "--- $f" >&2; cat "$f" "$f.err" >&2; done
}
