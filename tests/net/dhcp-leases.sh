#!/bin/sh
# The lease file is a path someone else may have put something at (issue
# 15): a FIFO at the lease file neither hangs serve before `ready` nor
# keeps SIGTERM out (read as the run-as user: ignored with a message);
# at a --leases FILE that root opens in place (its directory is not the
# run-as user's) a FIFO, a hard link to another file and a file of
# another owner are refused at once, the other file untouched; and a
# failed save (a full tmpfs) is a lease_save_failed notice, not only a
# line on stderr.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:31

# 1. A FIFO at the default lease file (STATE/dhcp/), and one at the
# place older runs used (STATE/dhcp.leases): neither read, both said.
for fifo in "$STATE/dhcp/dhcp.leases" "$STATE/dhcp.leases"; do
	mkdir -p "$STATE/dhcp"
	rm -f "$STATE/dhcp.leases" "$STATE/dhcp/dhcp.leases"
	mkfifo "$fifo"
	serve_start "$NETNS_TMP/f1"
	netns_wait_for "$NETNS_TMP/f1" '"event":"ready"' 15 ||
	    fail "a FIFO at $fifo: serve never got ready"
	grep -q 'not a regular file' "$NETNS_TMP/f1" ||
	    fail "no message about the FIFO at $fifo"
	kill -TERM "$SERVE_PID"
	serve_wait_exit 10
	[ "$SERVE_RC" = 0 ] || fail "FIFO at $fifo: SIGTERM gave $SERVE_RC"
done
rm -f "$STATE/dhcp.leases" "$STATE/dhcp/dhcp.leases"

# 2-4. --leases in a directory only root may write: opened as root.
RO=$NETNS_TMP/ro
mkdir -m 0755 "$RO"
echo 'the victim' >"$NETNS_TMP/victim"
refused() {
	tag=$1 path=$2 why=$3
	serve_start "$NETNS_TMP/$tag" --leases "$path"
	serve_wait_exit 15
	[ "$SERVE_RC" = 1 ] || fail "$tag: exit $SERVE_RC, want 1 (refused)"
	grep -q "$why" "$NETNS_TMP/$tag" || fail "$tag: no reason: $(cat "$NETNS_TMP/$tag")"
	grep -q '"event":"ready"' "$NETNS_TMP/$tag" && fail "$tag: ready although refused"
	return 0
}
mkfifo "$RO/fifo.leases"
refused f2 "$RO/fifo.leases" 'is not a regular file'
ln "$NETNS_TMP/victim" "$RO/link.leases"
refused f3 "$RO/link.leases" 'has 2 links'
[ "$(cat "$NETNS_TMP/victim")" = 'the victim' ] || fail "root wrote through a hard link"
echo 'theirs' >"$RO/other.leases"
chown 4243:4243 "$RO/other.leases"
refused f4 "$RO/other.leases" 'belongs to uid 4243'
[ "$(cat "$RO/other.leases")" = theirs ] || fail "another user's file was written"

# 5. A full file system: the failed save is a notice on the bus.
FULL=$NETNS_TMP/full
mkdir "$FULL"
netns_bg "$NS_SRV" sh -c 'mount -t tmpfs -o size=8k,mode=1777 tmpfs "$1" &&
    { head -c 1048576 /dev/zero >"$1/fill" 2>/dev/null; true; } &&
    exec env PHONERESCUE_STATE_DIR="$2" "$3" serve -i "$4" --json \
    --no-tftp --no-sniff -r "$5" --leases "$1/dhcp.leases"' sh \
    "$FULL" "$STATE" "$PR" "$IF_SRV" "$NETNS_TMP" >"$NETNS_TMP/f5" 2>&1
SERVE_PID=$LAST_PID
netns_wait_for "$NETNS_TMP/f5" '"event":"ready"' 15 || fail "serve with a full disk did not start"
udhcpc_lease full || fail "no lease with a full disk"
netns_wait_for "$NETNS_TMP/f5" '"code":"lease_save_failed"' 10 ||
    fail "a failed lease save posted no notice"
serve_stop
echo "ok: FIFO ignored without a hang, FIFO/hard link/foreign owner refused for in-place --leases, failed save noticed"
