#!/bin/sh
# The bash completion (data/bash-completion/phonerescue, issue 22) against
# this build: commands and options come from the program's own help, -i
# offers the machine's interfaces, import offers archives and
# directories (not other files), -r directories, --model and `models`
# the model names.  It needs bash, not the bash-completion package.
command -v bash >/dev/null 2>&1 || { echo "SKIP: no bash"; exit 77; }
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
mkdir "$T/sub" "$T/bundles"
: >"$T/a.zip"; : >"$T/b.tgz"; : >"$T/c.cop.sgn"; : >"$T/d.tar.gz"
: >"$T/notes.txt"; : >"$T/e.pcap"
cd "$T" || exit 99
# comp WORD...: what completing the last WORD offers, one per line, sorted.
cat >"$T/run.bash" <<'EOS'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
_phonerescue
printf '%s\n' "${COMPREPLY[@]}" | sort
EOS
comp() { bash "$T/run.bash" "$top_srcdir/data/bash-completion/phonerescue" \
    "$PHONERESCUE" "$@" 2>"$T/err"; }
bad=0
# expect NAME WANTED-LINES WORD...: the offer is exactly WANTED-LINES.
expect() {
	name=$1; want=$2; shift 2
	got=$(comp "$@")
	if [ "$got" = "$want" ]; then
		echo "ok: $name"
	else
		echo "FAIL: $name: offered [$(echo $got)], want [$(echo $want)]"
		[ -s "$T/err" ] && cat "$T/err"
		bad=1
	fi
}
# has NAME WORD-WANTED WORD...: the offer includes WORD-WANTED.
has() {
	name=$1; want=$2; shift 2
	if comp "$@" | grep -qxF -- "$want"; then
		echo "ok: $name"
	else
		echo "FAIL: $name: [$(comp "$@" | tr '\n' ' ')] lacks $want"; bad=1
	fi
}

cmds=$("$PHONERESCUE" help | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' | sort)
[ -n "$cmds" ] || { echo "FAIL: no commands in help"; exit 1; }
expect "every command from help" "$cmds" ""
expect "a prefix" "serve" se
expect "help COMMAND" "import" help im
expect "global options" "--version" --vers
expect "one option" "--no-dhcp" serve --no-d
for c in $cmds; do
	for o in $("$PHONERESCUE" help "$c" | grep -oE -- '--[a-z][a-z0-9-]*' |
	    sort -u); do
		comp "$c" -- | grep -qxF -- "$o" ||
		    { echo "FAIL: $c $o is not offered"; bad=1; }
	done
done
echo "ok: every long option of every command's help is offered"
ifs=$(ls /sys/class/net | sort)
expect "serve -i: the interfaces" "$ifs" serve -i ""
expect "sniff -i l: lo" "lo" sniff -i l
S=$T/bundles/state	# not in the current directory
mkdir -p "$S/sessions"
: >"$S/sessions/20261202T010000Z-7.rec"
: >"$S/sessions/20261202T020000Z-8.rec"
got=$(PHONERESCUE_STATE_DIR=$S; export PHONERESCUE_STATE_DIR
    comp report "" | tr '\n' ' ')
[ "$got" = "20261202T010000Z-7 20261202T020000Z-8 " ] &&
    echo "ok: report: the session ids" ||
    { echo "FAIL: report: offered [$got]"; bad=1; }
expect "wizard --iface l: lo" "lo" wizard --iface l
expect "import: archives and directories" "a.zip
b.tgz
bundles
c.cop.sgn
d.tar.gz
sub" import ""
expect "import after an option: still archives" "a.zip" import --force a
expect "import -r: directories" "bundles
sub" import -r ""
expect "sniff -f: captures" "bundles
e.pcap
sub" sniff -f ""
has "models 797: 7970" 7970 models 797
has "demo --model: 7942" 7942 demo --model 794
expect "export --format" "dnsmasq
kea" export --format ""
expect "config: its two verbs" "gen
lint" config ""
has "config gen: what it writes" os79xx config gen os
expect "version takes nothing" "" version ""
exit $bad
