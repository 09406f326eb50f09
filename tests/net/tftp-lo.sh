#!/bin/sh
# TFTP-only serving on loopback with a high port, as README says
# (issue 14): `serve -i lo --no-dhcp --no-sniff --tftp-port N` starts,
# as root (dropping to nobody) and as a plain user, and real clients
# (tftp-hpa, atftp, curl) fetch a file byte for byte over 127.0.0.1;
# `serve -i lo` with DHCP or the sniffer on is still refused.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
set -u
PR=${PHONERESCUE:-$top_builddir/phonerescue}
fail() { echo "FAIL: $*" >&2; exit 1; }
for c in tftp atftp curl setpriv; do
	command -v $c >/dev/null 2>&1 || { echo "SKIP: no $c"; exit 77; }
done
netns_trap
NETNS_TMP=$(mktemp -d)
chmod 755 "$NETNS_TMP"
netns_add NS l || exit 99
ROOT=$NETNS_TMP/root STATE=$NETNS_TMP/state
mkdir -p "$ROOT" "$STATE"
head -c 123457 /dev/urandom >"$ROOT/SIP41.8-4-2S.loads"
chmod -R a+rX "$ROOT"
PORT=$((20000 + NETNS_ID % 20000))

serve_lo() {	# serve_lo OUT PREFIX... -- ARGS...
	out=$1; shift
	pre=
	while [ "$1" != -- ]; do pre="$pre $1"; shift; done
	shift
	netns_bg "$NS" $pre env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i lo \
	    -r "$ROOT" --tftp-port "$PORT" "$@" >"$out" 2>&1
	SERVE_PID=$LAST_PID
}

fetch_all() {	# fetch_all TAG
	cd "$NETNS_TMP" || exit 99
	rm -f "$1".*
	ip netns exec "$NS" tftp -m binary 127.0.0.1 "$PORT" -c get SIP41.8-4-2S.loads "$1.hpa" ||
	    fail "$1: tftp-hpa failed"
	ip netns exec "$NS" atftp --option "blksize 1428" -g -r SIP41.8-4-2S.loads -l "$1.atftp" 127.0.0.1 "$PORT" ||
	    fail "$1: atftp failed"
	ip netns exec "$NS" curl -sS "tftp://127.0.0.1:$PORT/SIP41.8-4-2S.loads" -o "$1.curl" ||
	    fail "$1: curl failed"
	for f in hpa atftp curl; do
		cmp -s "$ROOT/SIP41.8-4-2S.loads" "$1.$f" || fail "$1: the $f copy differs"
	done
	cd - >/dev/null
}

# As root: it drops to nobody and serves over lo.
serve_lo "$NETNS_TMP/root.out" -- --no-dhcp --no-sniff --json
netns_wait_for "$NETNS_TMP/root.out" '"event":"ready"' 15 || fail "serve -i lo (root) did not start"
grep -q '"iface":"lo","address":"127.0.0.1/8"' "$NETNS_TMP/root.out" || fail "not ready on 127.0.0.1"
fetch_all root
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || fail "serve -i lo (root) did not stop cleanly"
ip -n "$NS" -4 addr show dev lo | grep -q 'inet 127.0.0.1/8' || fail "lo lost its address"

# As a plain user: no root needed.
serve_lo "$NETNS_TMP/user.out" setpriv --reuid=65534 --regid=65534 --clear-groups -- --no-dhcp --no-sniff --json
netns_wait_for "$NETNS_TMP/user.out" '"event":"ready"' 15 || fail "serve -i lo (uid 65534) did not start"
fetch_all user
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || fail "serve -i lo (uid 65534) did not stop cleanly"

# DHCP or the sniffer on loopback: still refused, saying how.
for args in "--no-sniff" "--no-dhcp" ""; do
	rc=0
	ip netns exec "$NS" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i lo -r "$ROOT" \
	    --tftp-port "$PORT" $args >"$NETNS_TMP/refused" 2>&1 || rc=$?
	[ "$rc" = 1 ] || fail "serve -i lo $args exited $rc"
	grep -q 'loopback.*--no-dhcp --no-sniff' "$NETNS_TMP/refused" ||
	    fail "serve -i lo $args: $(cat "$NETNS_TMP/refused")"
done
echo "ok: TFTP over lo port $PORT as root and as uid 65534 (tftp-hpa, atftp, curl); DHCP/sniff on lo refused"
