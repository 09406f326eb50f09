# tests/lib/tftp-common.sh: shared set-up for tests/net/tftp-*.sh.
#
#   . "$top_srcdir/tests/lib/tftp-common.sh"
#   tftp_setup                  namespace pair, $ROOT (empty TFTP root)
#   tftp_serve [ARGS...]        `phonerescue serve` on $IF_SRV, TFTP only,
#                               JSON events in $SERVE_LOG; waits for ready
#   on_phone CMD...             run CMD in the phone's namespace
#   need CMD...                 skip (77) unless every CMD is installed
#   json_count EVENT            how many EVENT lines the server printed
. "$top_srcdir/tests/lib/netns.sh"

need() {
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "SKIP: $c is not installed (quickstart installs it)" >&2
			exit 77
		fi
	done
}

tftp_setup() {
	netns_require_root
	netns_pair
	ROOT=$NETNS_TMP/root
	mkdir -p "$ROOT"
	SERVE_LOG=$NETNS_TMP/serve.log
	SERVE_ERR=$NETNS_TMP/serve.err
}

tftp_serve() {
	netns_bg "$NS_SRV" "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" \
	    --no-dhcp --no-sniff --json "$@" >"$SERVE_LOG" 2>"$SERVE_ERR"
	SERVE_PID=$LAST_PID
	if ! netns_wait_for "$SERVE_LOG" '"event":"ready"' 10; then
		sed 's/^/  serve: /' "$SERVE_ERR" >&2
		exit 99
	fi
}

on_phone() {
	ip netns exec "$NS_PHONE" "$@"
}

json_count() {
	grep -c "\"event\":\"$1\"" "$SERVE_LOG" || true
}
