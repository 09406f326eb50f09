#!/bin/sh
# Issue 20, HTTP on TCP 6970, against `phonerescue serve` with real curl:
#  - GET and HEAD byte-exact under the TFTP name rules (letter case,
#    leading '/', '\' raw and as %5C), a Range and a resumed download;
#  - 404 for missing names, directories and hidden entries (no listing),
#    traversal refused (.., %2e%2e, %2f, symlinks out of ROOT), %00 is 400;
#  - POST, PUT, DELETE get 405 with "Allow: GET, HEAD" and write nothing;
#  - tftp_start/done/error carry "proto":"http" (and TFTP's "tftp");
#  - 100 concurrent downloads, zero failures;
#  - the per-address connection cap (--tftp-per-client) holds.
. "$top_srcdir/tests/lib/tftp-common.sh"
need curl python3 cmp
tftp_setup
set -eu
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

OUTSIDE=$NETNS_TMP/outside
mkdir -p "$OUTSIDE" "$ROOT/US" "$ROOT/.phonerescue"
echo SECRET >"$OUTSIDE/secret"
echo HIDDEN >"$ROOT/.phonerescue/state"
head -c 12345 /dev/urandom >"$ROOT/SCCP70.9-4-2SR3-1S.loads"
head -c 2000000 /dev/urandom >"$ROOT/jar70sip.9-4-2ES26.sbn"
head -c 777 /dev/urandom >"$ROOT/US/g3-tones.xml"
: >"$ROOT/empty.bin"
ln -s "$OUTSIDE" "$ROOT/abs"
ln -s ../outside "$ROOT/escape"
ln -s "$OUTSIDE/secret" "$ROOT/secretlink"
ln -s /etc/passwd "$ROOT/passwd"
tftp_serve --tftp-per-client 128
grep -q '"event":"ready".*"http":true,"http_port":6970' "$SERVE_LOG" ||
    fail "ready does not say http on 6970: $(grep ready "$SERVE_LOG")"
URL=http://$SRV_IP:6970
C="curl -s --path-as-is --max-time 20"

# get NAME EXPECTED-FILE: 200 and the same bytes
get() {
	rm -f "$NETNS_TMP/got"
	code=$(on_phone $C -o "$NETNS_TMP/got" -w '%{http_code}' "$URL$1") || true
	if [ "$code" = 200 ] && cmp -s "$NETNS_TMP/got" "$2"; then
		ok "GET $1: 200, byte-exact"
	else
		fail "GET $1: $code"
	fi
}
get /SCCP70.9-4-2SR3-1S.loads "$ROOT/SCCP70.9-4-2SR3-1S.loads"
get /sccp70.9-4-2sr3-1s.LOADS "$ROOT/SCCP70.9-4-2SR3-1S.loads"
get //SCCP70.9-4-2SR3-1S.loads "$ROOT/SCCP70.9-4-2SR3-1S.loads"
get /JAR70SIP.9-4-2es26.SBN "$ROOT/jar70sip.9-4-2ES26.sbn"
get '/US\g3-tones.xml' "$ROOT/US/g3-tones.xml"
get '/\US\G3-TONES.XML' "$ROOT/US/g3-tones.xml"
get /us%5Cg3-tones.xml "$ROOT/US/g3-tones.xml"
get /US/./g3-tones.xml?x=1 "$ROOT/US/g3-tones.xml"
get /%55S/g3%2Dtones.xml "$ROOT/US/g3-tones.xml"
get /empty.bin "$ROOT/empty.bin"

# HEAD: the size, no body
out=$(on_phone $C -I -o "$NETNS_TMP/head" -w '%{http_code} %{size_download}' \
    "$URL/sccp70.9-4-2SR3-1S.LOADS")
len=$(tr -d '\r' <"$NETNS_TMP/head" | awk 'tolower($1) == "content-length:" { print $2 }')
if [ "$out" = "200 0" ] && [ "$len" = 12345 ]; then
	ok "HEAD: 200, Content-Length 12345, no body"
else
	fail "HEAD: $out, Content-Length $len"
fi
grep -qi '^Accept-Ranges: bytes' "$NETNS_TMP/head" || fail "HEAD: no Accept-Ranges"

# Range and resume
code=$(on_phone $C -r 100-199 -o "$NETNS_TMP/got" -w '%{http_code}' "$URL/jar70sip.9-4-2ES26.sbn")
dd if="$ROOT/jar70sip.9-4-2ES26.sbn" bs=1 skip=100 count=100 2>/dev/null >"$NETNS_TMP/want"
[ "$code" = 206 ] && cmp -s "$NETNS_TMP/got" "$NETNS_TMP/want" &&
    ok "Range 100-199: 206, the right 100 bytes" || fail "Range: $code"
code=$(on_phone $C -r 99999999- -o /dev/null -w '%{http_code}' "$URL/jar70sip.9-4-2ES26.sbn")
[ "$code" = 416 ] && ok "Range past the end: 416" || fail "Range past the end: $code"
head -c 700000 "$ROOT/jar70sip.9-4-2ES26.sbn" >"$NETNS_TMP/part"
code=$(on_phone $C -C - -o "$NETNS_TMP/part" -w '%{http_code}' "$URL/jar70sip.9-4-2ES26.sbn")
[ "$code" = 206 ] && cmp -s "$NETNS_TMP/part" "$ROOT/jar70sip.9-4-2ES26.sbn" &&
    ok "curl -C - resumes to the same bytes" || fail "resume: $code"

# refused: STATUS NAME (never 200, never the secret, never a listing)
refused() {
	want=$1; shift
	for n in "$@"; do
		rm -f "$NETNS_TMP/got"
		code=$(on_phone $C -o "$NETNS_TMP/got" -w '%{http_code}' "$URL$n") || true
		if [ "$code" = "$want" ] && ! grep -qE 'SECRET|HIDDEN|root:|g3-tones|SCCP70' "$NETNS_TMP/got" 2>/dev/null; then
			ok "GET $n: $code"
		else
			fail "GET $n: $code (wanted $want) $(head -c 80 "$NETNS_TMP/got" 2>/dev/null)"
		fi
	done
}
refused 404 /missing.bin /US/ /US / /.phonerescue/state /%2ephonerescue/state
refused 403 /abs/ /passwd /secretlink /escape/secret /abs/secret /ABS/SECRET \
    /../outside/secret /%2e%2e/outside/secret /%2E%2E%2Foutside%2Fsecret \
    '/..\outside\secret' /..%5coutside%5csecret /US/../../outside/secret \
    /US/%2e%2e/%2e%2e/outside/secret "/$OUTSIDE/../../outside/secret"
refused 400 /SCCP70.9-4-2SR3-1S.loads%00.txt /US%0ag3-tones.xml

# read-only
for m in POST PUT DELETE OPTIONS PATCH; do
	rm -f "$NETNS_TMP/head"
	code=$(on_phone $C -X "$m" -D "$NETNS_TMP/head" -o /dev/null -d 'x=1' \
	    -w '%{http_code}' "$URL/upload.bin") || true
	allow=$(tr -d '\r' <"$NETNS_TMP/head" | awk -F': ' 'tolower($1) == "allow" { print $2 }')
	if [ "$code" = 405 ] && [ "$allow" = "GET, HEAD" ]; then
		ok "$m: 405, Allow: $allow"
	else
		fail "$m: $code, Allow: $allow"
	fi
done
[ ! -e "$ROOT/upload.bin" ] || fail "a write created a file"

# 100 concurrent downloads of the 2 MB file: zero failures.
i=0
pids=""
while [ $i -lt 100 ]; do
	on_phone $C -o "$NETNS_TMP/c$i" -w '%{http_code}\n' "$URL/jar70sip.9-4-2ES26.sbn" >"$NETNS_TMP/c$i.code" &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait "$p" || true; done
good=0
i=0
while [ $i -lt 100 ]; do
	[ "$(cat "$NETNS_TMP/c$i.code")" = 200 ] && cmp -s "$NETNS_TMP/c$i" "$ROOT/jar70sip.9-4-2ES26.sbn" &&
	    good=$((good + 1))
	rm -f "$NETNS_TMP/c$i"
	i=$((i + 1))
done
[ $good -eq 100 ] && ok "100 concurrent downloads, all byte-exact" ||
    fail "100 concurrent downloads: $good good"

# TFTP alongside: its events say "proto":"tftp".
on_phone curl -s --max-time 20 -o "$NETNS_TMP/got" "tftp://$SRV_IP/US/g3-tones.xml" || true
cmp -s "$NETNS_TMP/got" "$ROOT/US/g3-tones.xml" || fail "the TFTP fetch"

# Events: wait for the last done (the TFTP one).
netns_wait_for "$SERVE_LOG" '"event":"tftp_done".*"proto":"tftp"' 10 ||
    fail "no tftp_done with proto tftp"
n=$(grep '"event":"tftp_start"' "$SERVE_LOG" | grep -c '"proto":"http"' || true)
d=$(grep '"event":"tftp_done"' "$SERVE_LOG" | grep -c '"proto":"http"' || true)
# 10 GETs + 1 range + 1 resume + 100 (the 416 and HEAD start nothing)
[ "$n" -eq 112 ] && ok "112 tftp_start with proto http" || fail "$n tftp_start with proto http, wanted 112"
[ "$d" -eq 112 ] && ok "112 tftp_done with proto http" || fail "$d tftp_done with proto http, wanted 112"
grep '"event":"tftp_error"' "$SERVE_LOG" | grep '"code":404' | grep -q '"proto":"http"' &&
    ok "tftp_error code 404 with proto http" || fail "no tftp_error 404 with proto http"
grep '"event":"tftp_error"' "$SERVE_LOG" | grep '"code":405' | grep -q '"file":"/upload.bin"' ||
    fail "no tftp_error 405 for upload.bin"
grep '"event":"tftp_start".*"proto":"http"' "$SERVE_LOG" | grep -q '"path":"US/g3-tones.xml"' ||
    fail "tftp_start path is not the served name"
if grep '"event":"tftp_' "$SERVE_LOG" | grep -v '"proto":"\(http\|tftp\)"' | grep -q .; then
	fail "a tftp_* event without proto"
fi

# Progress while sendfile runs: 6 MB shaped to 24 Mbit/s (a short
# queue, so the socket cannot swallow it all at once) take about two
# seconds; tftp_progress (proto http) comes, rising, below the size.
head -c 6000000 /dev/urandom >"$ROOT/slow.bin"
ip netns exec "$NS_SRV" tc qdisc add dev "$IF_SRV" root handle 1: htb default 10
ip netns exec "$NS_SRV" tc class add dev "$IF_SRV" parent 1: classid 1:10 htb rate 24mbit ceil 24mbit quantum 1514
ip netns exec "$NS_SRV" tc qdisc add dev "$IF_SRV" parent 1:10 handle 10: pfifo limit 30
on_phone $C --max-time 30 -o "$NETNS_TMP/got" "$URL/slow.bin" || true
ip netns exec "$NS_SRV" tc qdisc del dev "$IF_SRV" root
cmp -s "$NETNS_TMP/got" "$ROOT/slow.bin" || fail "the shaped download"
netns_wait_for "$SERVE_LOG" '"event":"tftp_done".*"file":"/slow.bin"' 5 >/dev/null ||
    fail "no tftp_done for slow.bin"
grep '"event":"tftp_progress".*"file":"/slow.bin"' "$SERVE_LOG" >"$NETNS_TMP/progl" || true
sed 's/.*"bytes":\([0-9]*\).*/\1/' "$NETNS_TMP/progl" >"$NETNS_TMP/prog"
np=$(wc -l <"$NETNS_TMP/prog")
if [ "$np" -ge 3 ] && sort -n -c "$NETNS_TMP/prog" 2>/dev/null &&
    [ "$(tail -n 1 "$NETNS_TMP/prog")" -lt 6000000 ] &&
    ! grep -qv '"proto":"http"' "$NETNS_TMP/progl"; then
	ok "$np tftp_progress (proto http), rising, below the size"
else
	fail "progress of slow.bin: $(tr '\n' ' ' <"$NETNS_TMP/prog")"
fi

# The cap per address: hold 128 idle connections, the next is closed.
on_phone python3 - "$SRV_IP" <<'PY' || fail "the per-address cap"
import socket, sys, time
srv = sys.argv[1]
held = []
for i in range(128):
    s = socket.create_connection((srv, 6970), timeout=5)
    held.append(s)
time.sleep(0.5)
s = socket.create_connection((srv, 6970), timeout=5)
s.sendall(b"GET /empty.bin HTTP/1.1\r\nHost: x\r\n\r\n")
s.settimeout(5)
try:
    data = s.recv(100)
except ConnectionResetError:
    data = b""
if data:
    print("FAIL: connection 129 from one address was served: %r" % data[:40])
    sys.exit(1)
print("ok: connection 129 from one address closed unserved")
for h in held:
    h.close()
time.sleep(0.5)
s = socket.create_connection((srv, 6970), timeout=5)
s.sendall(b"HEAD /empty.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = s.recv(100)
if not data.startswith(b"HTTP/1.1 200"):
    print("FAIL: after the others closed: %r" % data[:40])
    sys.exit(1)
print("ok: served again once they closed")
PY

# --no-http and --http-port 0: no listener, ready says http false.
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null || true
# (An ASan/UBSan build reports on stderr, at the latest on exit.)
if grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$SERVE_ERR"; then
	fail "sanitizer report: $(grep -m 3 'Sanitizer\|runtime error' "$SERVE_ERR")"
fi
for opt in --no-http "--http-port 0"; do
	# shellcheck disable=SC2086
	tftp_serve $opt
	grep -q '"event":"ready".*"http":false' "$SERVE_LOG" || fail "$opt: ready: $(grep ready "$SERVE_LOG")"
	code=$(on_phone $C -o /dev/null -w '%{http_code}' "$URL/empty.bin") || true
	[ "$code" = 000 ] && ok "$opt: nothing on 6970" || fail "$opt: 6970 answered $code"
	kill "$SERVE_PID"
	wait "$SERVE_PID" 2>/dev/null || true
done

# Port 6970 taken on our address: serve refuses to start and says so.
netns_bg "$NS_SRV" python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('$SRV_IP', 6970)); s.listen(1)
open('$NETNS_TMP/held', 'w').write('ready')
time.sleep(30)"
netns_wait_for "$NETNS_TMP/held" ready 10 >/dev/null
rc=0
ip netns exec "$NS_SRV" timeout 10 "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" \
    --no-dhcp --no-sniff >/dev/null 2>"$NETNS_TMP/taken.err" || rc=$?
if [ "$rc" -eq 1 ] && grep -q "HTTP port 6970 on $SRV_IP: Address already in use" "$NETNS_TMP/taken.err"; then
	ok "6970 taken: exit 1, $(tail -n 1 "$NETNS_TMP/taken.err")"
else
	fail "6970 taken: exit $rc, $(cat "$NETNS_TMP/taken.err")"
fi

[ $fails -eq 0 ] || { echo "$fails failures"; exit 1; }
exit 0
