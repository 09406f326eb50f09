#!/bin/sh
# Real TFTP clients against `phonerescue serve` over a veth pair:
# tftp-hpa (plain, 512), atftp (blksize, tsize, windowsize), curl
# (--tftp-blksize) and busybox (-b), each fetching 0 bytes, exactly one
# block, a multiple of its block size and 40 MiB (the 512-byte client
# rolls the 16-bit block number over); every copy must be byte-identical.
. "$top_srcdir/tests/lib/tftp-common.sh"
need tftp atftp curl busybox cmp
tftp_setup
set -eu

mk() { head -c "$2" /dev/urandom >"$ROOT/$1"; }
mk zero.bin 0
for bs in 512 1024 1428 1468; do
	mk "one-$bs.bin" $bs
	mk "mult-$bs.bin" $((bs * 37))
done
mk big.bin $((40 * 1024 * 1024))
mkdir -p "$ROOT/Sub"
mk Sub/jar70sip.sbn 3000

tftp_serve
OUT=$NETNS_TMP/out
mkdir -p "$OUT"
fails=0 n=0

get() {	# client file out
	case $1 in
	hpa)	on_phone tftp -m binary "$SRV_IP" -c get "$2" "$3" ;;
	atftp)	on_phone atftp --option "blksize 1428" --option "tsize 0" \
		    --option "windowsize 8" -g -r "$2" -l "$3" "$SRV_IP" ;;
	curl)	on_phone curl -sS --tftp-blksize 1024 "tftp://$SRV_IP/$2" -o "$3" ;;
	busybox) on_phone busybox tftp -b 1468 -g -r "$2" -l "$3" "$SRV_IP" ;;
	# Issue 14: what atftp users type; each unusable value is left out
	# of the OACK and the file still comes (it was error 8).
	atftp-tsize-enable) on_phone atftp --option "tsize enable" -g -r "$2" -l "$3" "$SRV_IP" ;;
	atftp-junk) on_phone atftp --option "blksize enable" --option "tsize enable" \
		    --option "windowsize enable" --option "timeout 0" -g -r "$2" -l "$3" "$SRV_IP" ;;
	atftp-low) on_phone atftp --option "blksize 4" --option "windowsize 0" \
		    --option "timeout 300" --option "tsize 0" -g -r "$2" -l "$3" "$SRV_IP" ;;
	atftp-mixed) on_phone atftp --option "tsize enable" --option "blksize 1428" \
		    --option "windowsize 16" -g -r "$2" -l "$3" "$SRV_IP" ;;
	# Issue 15: windows slow-start (8, 16, ...); the probe that ends a
	# short round must make atftp ACK at once, never at its timeout.
	atftp-w64) on_phone atftp --option "blksize 1468" --option "windowsize 64" \
		    -g -r "$2" -l "$3" "$SRV_IP" ;;
	atftp-w512) on_phone atftp --option "blksize 1468" --option "windowsize 512" \
		    -g -r "$2" -l "$3" "$SRV_IP" ;;
	esac
}

check() {	# client file bs
	n=$((n + 1))
	out="$OUT/$1-$(echo "$2" | tr '/\\' '__')"
	rm -f "$out"
	if ! get "$1" "$2" "$out" >"$OUT/last.err" 2>&1; then
		echo "FAIL: $1 get $2: $(tr '\n' ' ' <"$OUT/last.err")"
		fails=$((fails + 1)); return
	fi
	if cmp -s "$ROOT/$3" "$out"; then
		echo "ok: $1 $2 ($(wc -c <"$out") bytes)"
	else
		echo "FAIL: $1 $2 differs"; fails=$((fails + 1))
	fi
}

for c in hpa:512 atftp:1428 curl:1024 busybox:1468; do
	cl=${c%:*} bs=${c#*:}
	# curl 7.88 fails every 0-byte TFTP download, whatever the server
	# (in.tftpd too: "getpeername() failed with errno 107"); not ours.
	[ "$cl" = curl ] || check "$cl" zero.bin zero.bin
	check "$cl" "one-$bs.bin" "one-$bs.bin"
	check "$cl" "mult-$bs.bin" "mult-$bs.bin"
	check "$cl" big.bin big.bin
done
for cl in atftp-tsize-enable atftp-junk atftp-low atftp-mixed; do
	check "$cl" mult-1428.bin mult-1428.bin
	check "$cl" big.bin big.bin
done
for cl in atftp-w64 atftp-w512; do
	check "$cl" big.bin big.bin
	if grep -qi "timeout" "$OUT/last.err"; then
		echo "FAIL: $cl waited for its own timeout: $(tr '\n' ' ' <"$OUT/last.err")"
		fails=$((fails + 1))
	fi
done
# The names phones send: leading '/', '\' separators, other letter case.
check hpa '/SUB\JAR70SIP.sbn' Sub/jar70sip.sbn
check busybox '\sub\Jar70sip.SBN' Sub/jar70sip.sbn

# A missing file is error 1 "File not found", the text phones look for.
if on_phone tftp -m binary "$SRV_IP" -c get nosuch.loads "$OUT/nosuch" \
    >"$OUT/nf.err" 2>&1 && [ -s "$OUT/nosuch" ]; then
	echo "FAIL: a missing file was served"; fails=$((fails + 1))
fi
if grep -q "Error code 1: File not found" "$OUT/nf.err"; then
	echo "ok: missing file -> error 1 File not found"
else
	echo "FAIL: missing file: $(cat "$OUT/nf.err")"; fails=$((fails + 1))
fi

kill "$SERVE_PID"
netns_wait_for "$SERVE_LOG" '"event":"stop"' 10
done_n=$(json_count tftp_done)
echo "events: $(json_count tftp_start) tftp_start, $done_n tftp_done, $(json_count tftp_error) tftp_error"
[ "$done_n" -eq "$n" ] || { echo "FAIL: $n transfers but $done_n tftp_done"; fails=$((fails + 1)); }
grep -q '"file":"/SUB\\\\x5cJAR70SIP.sbn","path":"Sub/jar70sip.sbn"' "$SERVE_LOG" ||
    { echo "FAIL: tftp_start does not show asked vs served"; grep tftp_start "$SERVE_LOG" | tail -3; fails=$((fails + 1)); }
grep -q '"event":"tftp_error".*"code":1,"message":"File not found"' "$SERVE_LOG" ||
    { echo "FAIL: no tftp_error for the missing file"; fails=$((fails + 1)); }
[ $fails -eq 0 ] && echo "all $n transfers byte-identical"
exit $fails
