#!/bin/sh
# serve gives root up once its sockets, capture and recovery address are
# set up, before it reads a packet or a file: /proc/PID/status shows the
# run-as user in all four uid and gid fields, one group, only
# CAP_NET_ADMIN|CAP_NET_RAW (0x3000) effective, permitted and bounding,
# nothing inheritable or ambient, and NoNewPrivs, for (a) SUDO_UID/SUDO_GID,
# (b) no SUDO_UID (nobody), and (c) --user root (stays root, says so).
# After the drop it still works: a real udhcpc gets a lease and the lease
# file is written (atomically in the state directory handed to nobody; in
# place, same inode, for a --leases file in a directory 4242 cannot write),
# busybox tftp fetches a file byte for byte, a root-only (0600) file gets
# TFTP error 2, a symlink out of ROOT is refused, and on SIGTERM the
# recovery address and the state file go and the exit status is 0.  Kept
# root (--user root), a symlink out of ROOT is refused all the same.
# Issue 15: the run-as user writes only STATE/dhcp (the lease file and its
# temp file): the state directory stays root's (nobody cannot create a
# file there), STATE/dhcp is nobody's only while serving and is given back
# to root with its files on exit, also after kill -9 (the root keeper; it
# removes the address and state file the killed run left), and a symlink
# nobody planted there is not followed.  The seccomp filter is on
# (Seccomp: 2) and PHONERESCUE_SANDBOX_SELFTEST shows execve, a write
# open outside STATE/dhcp and an IPv6 socket refused and reported.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
us=198.18.250.1
ROOT=$NETNS_TMP/root
mkdir -p "$ROOT"
umask 022
head -c 300000 /dev/urandom >"$ROOT/SIP70.8-4-2S.loads.bin"
echo secret >"$ROOT/private.cnf.xml"
chmod 600 "$ROOT/private.cnf.xml"
echo 'root-only data' >"$NETNS_TMP/outside.txt"
ln -s "$NETNS_TMP/outside.txt" "$ROOT/escape.cnf.xml"

# start OUT ENV... -- ARGS...: serve with DHCP, TFTP and the sniffer.
start() {
	out=$1; shift
	netns_bg "$NS_SRV" env -u SUDO_UID -u SUDO_GID -u SUDO_USER "$@" \
	    PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i "$IF_SRV" --json \
	    -r "$ROOT" ${ARGS:-} >"$out" 2>&1
	SERVE_PID=$LAST_PID
}

# field NAME: the value(s) of a /proc/$SERVE_PID/status line.
field() {
	sed -n "s/^$1:[[:space:]]*//p" "/proc/$SERVE_PID/status" | tr -s ' \t' ' '
}

# check_ids UID GID CAPS: what the kernel says about the running serve.
check_ids() {
	[ "$(cat "/proc/$SERVE_PID/comm")" = phonerescue ] ||
	    fail "PID $SERVE_PID is $(cat "/proc/$SERVE_PID/comm"), not serve"
	[ "$(field Uid)" = "$1 $1 $1 $1" ] || fail "Uid: $(field Uid), want $1 x4"
	[ "$(field Gid)" = "$2 $2 $2 $2" ] || fail "Gid: $(field Gid), want $2 x4"
	[ "$(field Groups)" = "$2" ] || [ "$(field Groups)" = "$2 " ] ||
	    fail "Groups: '$(field Groups)', want $2"
	for f in CapEff CapPrm CapBnd; do
		[ "$(field $f)" = "$3" ] || fail "$f: $(field $f), want $3"
	done
	[ "$(field CapInh)" = 0000000000000000 ] || fail "CapInh: $(field CapInh)"
	[ "$(field CapAmb)" = 0000000000000000 ] || fail "CapAmb: $(field CapAmb)"
	[ "$(field NoNewPrivs)" = 1 ] || fail "NoNewPrivs: $(field NoNewPrivs)"
}

stop_clean() {
	serve_stop
	[ "$SERVE_RC" = 0 ] || { cat "$1" >&2; fail "serve exited $SERVE_RC on SIGTERM"; }
	ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q inet &&
	    fail "recovery address left after SIGTERM"
	[ -f "$STATE/addr-$IF_SRV.state" ] && fail "state file left after SIGTERM"
	return 0
}

nobody_uid=$(id -u nobody 2>/dev/null || echo 65534)
nobody_gid=$(getent passwd nobody | cut -d: -f4)
[ -n "$nobody_gid" ] || nobody_gid=65534

# (b) No SUDO_UID: nobody.  The whole recovery works after the drop.
as_nobody() { setpriv --reuid="$nobody_uid" --regid="$nobody_gid" --clear-groups "$@"; }
start "$NETNS_TMP/b" PHONERESCUE_SANDBOX_SELFTEST="$NETNS_TMP/forbidden"
netns_wait_for "$NETNS_TMP/b" '"event":"ready"' 15 || fail "serve (nobody) did not start"
check_ids "$nobody_uid" "$nobody_gid" 0000000000003000
grep -q '"code":"privileges_dropped".*nobody' "$NETNS_TMP/b" || fail "no privileges_dropped notice"
grep -q '"address":"198.18.250.1/24"' "$NETNS_TMP/b" || fail "ready without the recovery address"
[ -f "$STATE/addr-$IF_SRV.state" ] || fail "no state file while serving"
[ "$(stat -c %u "$STATE")" = 0 ] || fail "state dir handed to $(stat -c %U "$STATE")"
[ "$(stat -c %u:%a "$STATE/dhcp")" = "$nobody_uid:700" ] || fail "STATE/dhcp: $(stat -c %u:%a "$STATE/dhcp"), want nobody's, 700"
as_nobody touch "$STATE/planted" 2>/dev/null && fail "nobody can create files in the state directory"
as_nobody mv "$STATE/addr-$IF_SRV.state" "$STATE/x" 2>/dev/null && fail "nobody can rename in the state directory"
as_nobody ln -s "$NETNS_TMP/outside.txt" "$STATE/dhcp/evil" || fail "nobody cannot write STATE/dhcp"
[ "$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$SERVE_PID/status")" = 2 ] || fail "no seccomp filter: $(grep Seccomp "/proc/$SERVE_PID/status")"
for what in 'execve: refused' "open for writing $NETNS_TMP/forbidden: refused" 'socket(AF_INET6): refused'; do
	grep -q "\"code\":\"sandbox_selftest\".*$what" "$NETNS_TMP/b" || fail "sandbox self-test: no '$what': $(grep sandbox "$NETNS_TMP/b")"
done
for call in execve openat socket; do
	grep -q "\"code\":\"sandbox_refused\".*refused $call " "$NETNS_TMP/b" || fail "no sandbox_refused report for $call"
done
[ -e "$NETNS_TMP/forbidden" ] && fail "the sandbox let a file be created outside STATE/dhcp"

ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:01
udhcpc_lease a || fail "udhcpc got no lease from the dropped server"
[ "$(kv "$NETNS_TMP/a.bound" ip)" = 198.18.250.2 ] || fail "leased $(kv "$NETNS_TMP/a.bound" ip)"

ip -n "$NS_PHONE" addr add 198.18.250.200/24 dev "$IF_PHONE"
tftp_get() {
	ip netns exec "$NS_PHONE" busybox tftp -b 1468 -g -r "$1" -l "$2" $us \
	    >"$NETNS_TMP/tftp.log" 2>&1
}
tftp_get SIP70.8-4-2S.loads.bin "$NETNS_TMP/got" || { cat "$NETNS_TMP/tftp.log" >&2; fail "busybox tftp failed"; }
cmp -s "$ROOT/SIP70.8-4-2S.loads.bin" "$NETNS_TMP/got" || fail "fetched file differs"
tftp_get private.cnf.xml "$NETNS_TMP/priv" && fail "a 0600 root-only file was served"
netns_wait_for "$NETNS_TMP/b" '"event":"tftp_error".*"file":"private.cnf.xml".*"code":2' 5 ||
    fail "no error 2 for the unreadable file"
tftp_get escape.cnf.xml "$NETNS_TMP/esc" && fail "a symlink out of ROOT was followed"
netns_wait_for "$NETNS_TMP/b" '"event":"tftp_error".*"file":"escape.cnf.xml".*"code":2' 5 ||
    fail "no error 2 for the symlink out of ROOT"
[ -s "$NETNS_TMP/esc" ] && grep -q root-only "$NETNS_TMP/esc" && fail "outside file leaked"
stop_clean "$NETNS_TMP/b"
grep -q '^198\.18\.250\.2 02:00:5e:00:00:01 ' "$STATE/dhcp/dhcp.leases" ||
    fail "lease file not written: $(cat "$STATE/dhcp/dhcp.leases" 2>&1)"
cmp -s "$STATE/dhcp.leases" "$STATE/dhcp/dhcp.leases" || fail "STATE/dhcp.leases does not lead to the lease file"
# Given back on exit: the directory, the lease file; the link not followed.
[ "$(stat -c %u:%g "$STATE/dhcp")" = 0:0 ] || fail "STATE/dhcp not given back: $(stat -c %u:%g "$STATE/dhcp")"
[ "$(stat -c %u "$STATE/dhcp/dhcp.leases")" = 0 ] || fail "lease file not given back to root"
[ "$(stat -c %u "$NETNS_TMP/outside.txt")" = 0 ] || fail "a planted link was followed: outside.txt is $(stat -c %U "$NETNS_TMP/outside.txt")'s"
n_ref=$(grep -c '"code":"sandbox_refused"' "$NETNS_TMP/b")
[ "$n_ref" = 3 ] || fail "$n_ref sandbox refusals, want the self-test's 3: $(grep sandbox_refused "$NETNS_TMP/b")"

# kill -9: the keeper (root) still removes the address and the state file
# and gives STATE/dhcp back.
start "$NETNS_TMP/k"
netns_wait_for "$NETNS_TMP/k" '"event":"ready"' 15 || fail "serve (kill -9 case) did not start"
[ "$(stat -c %u "$STATE/dhcp")" = "$nobody_uid" ] || fail "STATE/dhcp not nobody's (kill -9 case)"
kill -9 "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null
i=0
while [ $i -lt 100 ] && { [ "$(stat -c %u "$STATE/dhcp")" != 0 ] || [ -f "$STATE/addr-$IF_SRV.state" ]; }; do
	sleep 0.1; i=$((i + 1))
done
[ "$(stat -c %u "$STATE/dhcp")" = 0 ] || fail "STATE/dhcp not given back after kill -9"
[ -f "$STATE/addr-$IF_SRV.state" ] && fail "state file left after kill -9: $(ls -l "$STATE"; cat "$NETNS_TMP/k")"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q inet && fail "recovery address left after kill -9"

# --leases in a directory nobody may write: temp file and rename go
# through the descriptor held for it, which the sandbox allows.
ip -n "$NS_PHONE" addr flush dev "$IF_PHONE"
mkdir -p "$NETNS_TMP/nl"
chown "$nobody_uid:$nobody_gid" "$NETNS_TMP/nl"
ARGS="--leases $NETNS_TMP/nl/x.leases" start "$NETNS_TMP/n"
netns_wait_for "$NETNS_TMP/n" '"event":"ready"' 15 || fail "serve --leases (nobody's dir) did not start"
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:03
udhcpc_lease n || fail "udhcpc got no lease (--leases in nobody's dir)"
i=0
while [ $i -lt 50 ] && ! grep -q ' 02:00:5e:00:00:03 ' "$NETNS_TMP/nl/x.leases" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
grep -q ' 02:00:5e:00:00:03 ' "$NETNS_TMP/nl/x.leases" || fail "--leases in nobody's dir not written under the sandbox"
grep -q '"code":"sandbox_refused"' "$NETNS_TMP/n" && fail "the sandbox refused: $(grep sandbox_refused "$NETNS_TMP/n")"
stop_clean "$NETNS_TMP/n"

# --leases naming the default file (now root's link into STATE/dhcp):
# the default is used, not refused as a link.
ARGS="--leases $STATE/dhcp.leases" start "$NETNS_TMP/l"
netns_wait_for "$NETNS_TMP/l" '"event":"ready"' 15 || fail "serve --leases STATE/dhcp.leases did not start: $(cat "$NETNS_TMP/l")"
stop_clean "$NETNS_TMP/l"
[ -L "$STATE/dhcp.leases" ] || fail "STATE/dhcp.leases is no longer root's link"

# (a) SUDO_UID/SUDO_GID: that user.  --leases in a directory it cannot
# write: opened before the drop, rewritten in place through that fd.
ip -n "$NS_PHONE" addr flush dev "$IF_PHONE"
mkdir -p "$NETNS_TMP/leases"
: >"$NETNS_TMP/leases/my.leases"
ino=$(stat -c %i "$NETNS_TMP/leases/my.leases")
ARGS="--leases $NETNS_TMP/leases/my.leases" start "$NETNS_TMP/a" SUDO_UID=4242 SUDO_GID=4242
netns_wait_for "$NETNS_TMP/a" '"event":"ready"' 15 || fail "serve (SUDO_UID) did not start"
check_ids 4242 4242 0000000000003000
grep -q '"code":"privileges_dropped".*uid 4242' "$NETNS_TMP/a" || fail "no privileges_dropped notice for 4242"
[ "$(stat -c %u "$STATE")" = 0 ] || fail "state dir handed to $(stat -c %u "$STATE")"
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:02
udhcpc_lease c || fail "udhcpc got no lease (SUDO_UID run)"
stop_clean "$NETNS_TMP/a"
grep -q ' 02:00:5e:00:00:02 ' "$NETNS_TMP/leases/my.leases" ||
    fail "--leases file not rewritten in place: $(cat "$NETNS_TMP/leases/my.leases")"
[ "$(stat -c %i "$NETNS_TMP/leases/my.leases")" = "$ino" ] || fail "--leases file replaced, not rewritten in place"
[ -e "$NETNS_TMP/leases/my.leases.tmp" ] && fail "a temp file next to --leases"

# (c) --user root: stays root, says so, and TFTP is as confined as ever.
ARGS="--user root" start "$NETNS_TMP/c" SUDO_UID=4242 SUDO_GID=4242
netns_wait_for "$NETNS_TMP/c" '"event":"ready"' 15 || fail "serve --user root did not start"
[ "$(field Uid)" = "0 0 0 0" ] || fail "--user root: Uid $(field Uid)"
grep -q '"code":"privileges_kept"' "$NETNS_TMP/c" || fail "no privileges_kept notice"
grep -q '"code":"privileges_dropped"' "$NETNS_TMP/c" && fail "--user root said it dropped"
# Still confined to ROOT as root: the symlink out of it is refused.
ip -n "$NS_PHONE" addr add 198.18.250.200/24 dev "$IF_PHONE"
tftp_get SIP70.8-4-2S.loads.bin "$NETNS_TMP/got2" && cmp -s "$ROOT/SIP70.8-4-2S.loads.bin" "$NETNS_TMP/got2" ||
    fail "busybox tftp failed (--user root)"
rm -f "$NETNS_TMP/esc"
tftp_get escape.cnf.xml "$NETNS_TMP/esc" && fail "a symlink out of ROOT was followed as root"
netns_wait_for "$NETNS_TMP/c" '"event":"tftp_error".*"file":"escape.cnf.xml".*"code":2' 5 ||
    fail "no error 2 for the symlink out of ROOT (--user root)"
stop_clean "$NETNS_TMP/c"

# A bad --user is a start-up failure with a one-line reason, before any
# change to the interface.
ARGS="--user no-such-user-pr" start "$NETNS_TMP/d"
serve_wait_exit 10
[ "$SERVE_RC" = 1 ] || fail "--user no-such-user: exit $SERVE_RC"
grep -q 'no such user' "$NETNS_TMP/d" || fail "no reason for the bad --user: $(cat "$NETNS_TMP/d")"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q inet && fail "bad --user left an address"
echo "ok: ids and caps after the drop (SUDO_UID, nobody, --user root); lease, tftp, error 2, symlink, clean stop as nobody; only STATE/dhcp handed over and given back (kill -9 too); sandbox refusals reported"
