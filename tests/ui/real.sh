#!/bin/sh
# The wizard on the real engines, inside a network namespace (root only):
# started with -i on a veth with no address, it serves (the recovery
# address appears), a DHCP client shows up as a phone row in the live
# view, and quitting puts the interface back as it was.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "$top_srcdir/tests/ui/lib.sh"
netns_pair
STATE=$NETNS_TMP/state
mkdir -p "$STATE"
ip -n "$NS_SRV" addr flush dev "$IF_SRV"
ip -n "$NS_PHONE" addr flush dev "$IF_PHONE"
cat >"$NETNS_TMP/udhcpc.script" <<'EOS'
#!/bin/sh
# Record the lease; configure nothing.
[ "$1" = bound ] && echo "ip=$ip" >"$OUT_ENV"
exit 0
EOS
chmod +x "$NETNS_TMP/udhcpc.script"
udhcpc_lease() {	# busybox udhcpc as a Cisco 7970 in $NS_PHONE
	OUT_ENV=$NETNS_TMP/$1.bound ip netns exec "$NS_PHONE" udhcpc -f -q -n \
	    -t 4 -T 2 -i "$IF_PHONE" -V 'Cisco Systems, Inc. IP Phone CP-7970G' \
	    -O 150 -O 66 -s "$NETNS_TMP/udhcpc.script" >"$NETNS_TMP/$1.log" 2>&1 &&
	    [ -s "$NETNS_TMP/$1.bound" ]
}
trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$NETNS_TMP/root"
TM_PREFIX="ip netns exec $NS_SRV"

tm_start 80 24 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "engines started from the wizard" 'serving on .*198\.18\.250\.1/24'
expect "on the firmware step" 'Firmware for the phones'
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24'; then
	ok "recovery address on the interface"
else
	fail "recovery address on the interface"
fi
keys "live view" 'No phone yet' 5
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:01
if udhcpc_lease a; then ok "a DHCP client got a lease"; else fail "udhcpc"; fi
expect "the client is a phone row" '7970 +02:00:5e:00:00:01 198\.18\.250\.2'
keys "help over the live view" 'Keys everywhere' '?'
tm send-keys x q
quit_restores "quit restores the terminal"
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1'; then
	fail "interface restored on quit"
else
	ok "interface restored on quit"
fi
# An interface the engines cannot use: the reason in words, still step 1.
tm_start 80 24 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i nosuch0 -r "$NETNS_TMP/root"
expect "a failed start says why" 'cannot serve on nosuch0: no such interface'
expect "and stays on the interface step" 'Which interface has the cable'
tm send-keys q
quit_restores "quit from the interface step"

# SIGTERM (what a system shutdown sends) restores the interface too.
tm_start 80 24 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "serving again" 'serving on .*198\.18\.250\.1/24'
pid=$(pgrep -P "$(tm list-panes -F '#{pane_pid}')" -x phonerescue | head -1)
# Serving, the wizard is no longer root: one non-zero uid in all four
# fields, CAP_NET_ADMIN|CAP_NET_BIND_SERVICE|CAP_NET_RAW only, and ROOT
# handed to that user for imports.
st=/proc/${pid:-0}/status
u=$(sed -n 's/^Uid:[[:space:]]*//p' "$st" 2>/dev/null | tr -s ' \t' ' ')
set -- $u
if [ $# -eq 4 ] && [ "$1" != 0 ] && [ "$1" = "$2" ] && [ "$1" = "$3" ] &&
    [ "$1" = "$4" ] && grep -q '^CapEff:[[:space:]]*0000000000003400$' "$st" &&
    grep -q '^CapBnd:[[:space:]]*0000000000003400$' "$st" &&
    grep -q '^NoNewPrivs:[[:space:]]*1$' "$st" &&
    [ "$(stat -c %u "$NETNS_TMP/root")" = "$1" ]; then
	ok "the wizard serves as uid $1 with three capabilities, ROOT is its"
else
	fail "the wizard still privileged: $(grep -E '^(Uid|Cap|NoNew)' "$st" 2>&1 | tr '\n' ' ')"
fi
# Back to the first step and start again, unprivileged now: ports 67/69,
# the packet sockets and the address still work (the capabilities kept).
# Going back never stops the engines (issue 16): s does, and says so.
keys "back on the interface step" 'Which interface has the cable' 1
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24'; then
	ok "going back keeps serving (the address stays)"
else
	fail "going back keeps serving (the address stays)"
fi
keys "2 returns to Firmware, still serving" 'Firmware for the phones' 2
keys "and 1 back again" 'Serving on .*s stops serving' 1
keys "s stops serving, logged" 'stopped serving on .* \(asked\)' s
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1'; then
	fail "engines stopped by s"
else
	ok "engines stopped by s"
fi
# r: the list again, our address gone from the veth's row (a state).
keys "the list rescanned" "$IF_SRV +[^ ]+ +- " r
# Select the veth, not lo, wherever the list put it; then Enter.  Each
# Down waits for the selection to move: no key is sent again after a time.
sel=0
while [ $sel -lt 8 ] && ! tm_capture | grep -qE "^ > $IF_SRV "; do
	before=$(tm_capture | grep -E '^ > ')
	tm send-keys Down
	i=0
	while [ $i -lt 200 ] && [ "$(tm_capture | grep -E '^ > ')" = "$before" ]; do
		sleep 0.05; i=$((i + 1))
	done
	sel=$((sel + 1))
done
expect "the veth selected" "^ > $IF_SRV "
tm send-keys Enter
if tm_wait 'Firmware for the phones' 30; then
	ok "serving again after the drop (firmware step)"
else
	fail "serving again after the drop (firmware step)"
fi
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24'; then
	ok "recovery address back, added unprivileged"
else
	fail "recovery address back, added unprivileged"
fi
if [ -n "$pid" ] && kill -TERM "$pid"; then
	quit_restores "SIGTERM restores the terminal"
else
	fail "no wizard process to signal"
fi
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1'; then
	fail "interface restored on SIGTERM"
else
	ok "interface restored on SIGTERM"
fi
# ROOT was handed over for imports only while serving: root's again.
if [ "$(stat -c %u "$NETNS_TMP/root")" = 0 ] && [ "$(stat -c %u "$STATE")" = 0 ] &&
    [ "$(stat -c %u "$STATE/dhcp")" = 0 ] && ! ls "$STATE"/addr-*.state "$STATE"/dhcp/addr-*.state >/dev/null 2>&1; then
	ok "ROOT and STATE/dhcp given back, no state file left"
else
	fail "not given back: ROOT $(stat -c %U "$NETNS_TMP/root"), STATE/dhcp $(stat -c %U "$STATE/dhcp"), $(ls "$STATE" "$STATE/dhcp")"
fi
# A first run (issue 16): no -r, PHONERESCUE_ROOT names a folder not made
# yet.  The wizard makes it, serves, and hands it to the user it drops to.
FRESH=$NETNS_TMP/fresh/tftp
tm_start 80 24 PHONERESCUE_STATE_DIR="$STATE" PHONERESCUE_ROOT="$FRESH" -- wizard -i "$IF_SRV"
if tm_wait "Firmware for the phones, served from $FRESH" 30; then
	ok "a first run serves from PHONERESCUE_ROOT, made for it"
else
	fail "a first run serves from PHONERESCUE_ROOT, made for it"
fi
expect "and the log says it was made" 'was missing: made it'
pid=$(pgrep -P "$(tm list-panes -F '#{pane_pid}')" -x phonerescue | head -1)
u=$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' /proc/"${pid:-0}"/status 2>/dev/null)
if [ -d "$FRESH" ] && [ -n "$u" ] && [ "$u" != 0 ] && [ "$(stat -c %u "$FRESH")" = "$u" ]; then
	ok "the new ROOT belongs to the dropped user (uid $u)"
else
	fail "the new ROOT belongs to the dropped user (uid ${u:-?}, ROOT $(stat -c %u "$FRESH" 2>&1))"
fi
# An archive only root may read: the dropped wizard says why, and what to do.
mkdir -m 700 "$NETNS_TMP/private"
"$P" import --make-demo-bundle "$NETNS_TMP/private/b.zip" --format zip >/dev/null 2>&1
chmod 600 "$NETNS_TMP/private/b.zip"
keys "typing a root-only archive" 'private/b\.zip' i "$NETNS_TMP/private/b.zip"
tm send-keys Enter
expect "permission denied, and to whom" 'permission denied to uid'
expect "with what to do" 'Import it first: sudo phonerescue'
tm send-keys q
quit_restores "quit after the first run"
# serve honours PHONERESCUE_ROOT too (every command does).
PHONERESCUE_ROOT="$FRESH" PHONERESCUE_STATE_DIR="$STATE" ip netns exec "$NS_SRV" \
    "$P" serve -i "$IF_SRV" --json >"$NETNS_TMP/serve.json" 2>&1 &
spid=$!
i=0
while [ $i -lt 150 ] && ! grep -q '"event":"ready"' "$NETNS_TMP/serve.json"; do
	sleep 0.1; i=$((i + 1))
done
if grep -q "\"event\":\"ready\".*\"root\":\"$FRESH\"" "$NETNS_TMP/serve.json"; then
	ok "serve takes its ROOT from PHONERESCUE_ROOT"
else
	fail "serve takes its ROOT from PHONERESCUE_ROOT"; sed 's/^/  | /' "$NETNS_TMP/serve.json"
fi
kill -TERM "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

echo "$fails failed"
[ $fails -eq 0 ]
