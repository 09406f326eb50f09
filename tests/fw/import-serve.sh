#!/bin/sh
# Issue 14 (Importer, point 3) end to end: locale and background folders
# imported from where a real tree keeps them (tftpboot/locales/languages/
# English_United_States/, tftpboot/wallpapers/320x212x12/, as
# dkgroot/provision_sccp does) come out of `serve` at the path a phone
# asks for (LOCALE/NAME, Desktops/WxHxD/NAME), in any letter case, with a
# leading '/' or backslashes, byte for byte; ROOT holds no link.
. "$top_srcdir/tests/lib/tftp-common.sh"
need tftp cmp
tftp_setup
set -u
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

S=$NETNS_TMP/src
mkdir -p "$S/firmware/7970" &&
    "$PHONERESCUE" import --make-demo-bundle "$S/firmware/7970" --format dir \
    --component-size 3000 >/dev/null || exit 99
L=$S/locales/languages/English_United_States
C=$S/locales/countries/United_States
B=$S/wallpapers/320x212x12
mkdir -p "$L" "$C" "$B" || exit 99
printf 'PK jar of the US English locale\n' >"$L/gp-sip.jar"
printf '<tones lang="en_US"/>\n' >"$L/g3-tones.xml"
printf 'tags\n' >"$L/tags_file"
printf '<tones country="US"/>\r\n' >"$C/g3-tones.xml"
printf '<CiscoIPPhoneImageList/>\n' >"$B/List.xml"
printf '\211PNG\r\n\032\nthumbnail' >"$B/TN-Fountain.png"

"$PHONERESCUE" import -r "$ROOT" --no-config "$S" >"$NETNS_TMP/imp.out" 2>&1 ||
    { fail "import (exit $?)"; cat "$NETNS_TMP/imp.out"; }
grep -q '^  locale English_United_States/: 3 files, .* (from locales/languages/English_United_States/)' "$NETNS_TMP/imp.out" &&
    grep -q '^  locale United_States/: 1 file, .* (from locales/countries/United_States/)' "$NETNS_TMP/imp.out" &&
    grep -q '^  background Desktops/320x212x12/: 2 files, .* (from wallpapers/320x212x12/)' "$NETNS_TMP/imp.out" &&
    pass "the summary names each locale and background set" ||
    { fail "summary"; cat "$NETNS_TMP/imp.out"; }
[ -z "$(find "$ROOT" -type l)" ] && pass "no link in ROOT" || fail "a link in ROOT"

tftp_serve
# get NAME SRCFILE: fetch NAME from the server, compare with SRCFILE.
get() {
	rm -f "$NETNS_TMP/got"
	on_phone tftp -m binary "$SRV_IP" -c get "$1" "$NETNS_TMP/got" >/dev/null 2>&1
	if [ -s "$NETNS_TMP/got" ] && cmp -s "$NETNS_TMP/got" "$2"; then
		pass "served $1"
	else
		fail "$1 not served as $2"
	fi
}
get English_United_States/gp-sip.jar "$L/gp-sip.jar"
get 'english_united_states\GP-SIP.JAR' "$L/gp-sip.jar"
get /English_United_States/g3-tones.xml "$L/g3-tones.xml"
get ENGLISH_UNITED_STATES/tags_file "$L/tags_file"
get United_States/g3-tones.xml "$C/g3-tones.xml"
get Desktops/320x212x12/List.xml "$B/List.xml"
get 'desktops\320X212X12\tn-fountain.png' "$B/TN-Fountain.png"
get SIP70.8-5-2S.loads "$S/firmware/7970/SIP70.8-5-2S.loads"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
