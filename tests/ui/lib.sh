# tests/ui/lib.sh: drive the real program in a private tmux server (tmux's
# own regress style), through tests/lib/tmux.sh: each test gets its own
# server, prui<pid>-<n>, and kills only that one.  Sourced by tests/ui/*.sh.

P=${PHONERESCUE:?}
UI_DIR=${top_srcdir:?}/tests/ui
TM_OUT=$(mktemp -d "${TMPDIR:-/tmp}/prui.XXXXXX") || exit 99
TMX_DIR=$TM_OUT/tmux
. "$top_srcdir/tests/lib/tmux.sh"
fails=0

tm() { tmx "$@"; }

# Every server this test started (its own trap may call this).
tm_cleanup() { tmx_kill_all; }
tmx_trap 'rm -rf "$TM_OUT"'

# tm_start COLS ROWS ENV... -- ARGS...: the wizard in a fresh server (run
# through $TM_PREFIX if set, e.g. "ip netns exec NS").  The pane's shell
# records the terminal modes before and after, then waits.
tm_start() {
	cols=$1 rows=$2; shift 2
	envs=
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	tm_cleanup
	cat > "$TM_OUT/run.sh" <<EOS
trap : INT	# Ctrl-C is the wizard's to answer; the pane's shell lives on
stty -g > "$TM_OUT/tty.before"
env LANG=C.UTF-8 LC_ALL=C.UTF-8 PHONERESCUE_DATADIR="$top_srcdir/data" $envs ${TM_PREFIX:-} "$P" $* 2> "$TM_OUT/stderr"
echo "exit=\$?"
stty -g > "$TM_OUT/tty.after"
cmp -s "$TM_OUT/tty.before" "$TM_OUT/tty.after" && echo TTY-RESTORED
exec sleep 300
EOS
	tmx_start ui "$cols" "$rows" "exec sh $TM_OUT/run.sh"
}

tm_capture() { tmx_capture; }

# tm_wait PATTERN [SECONDS]: until the screen matches (grep -E).
tm_wait() { tmx_wait "$@"; }

ok() { echo "ok: $1"; }
fail() {
	echo "FAIL: $1"
	tm_capture 2>/dev/null | sed 's/^/  | /'
	fails=$((fails + 1))
}

# expect DESC PATTERN: the screen shows PATTERN (waiting for it).
expect() {
	if tm_wait "$2" 10; then ok "$1"; else fail "$1 (no /$2/)"; fi
}

# keys DESC PATTERN KEY...: send keys, then expect.
keys() {
	desc=$1 pat=$2; shift 2
	tm send-keys "$@"
	expect "$desc" "$pat"
}

# golden NAME: the screen equals tests/ui/NAME.result.
golden() {
	tm_capture > "$TM_OUT/$1.got"
	if cmp -s "$TM_OUT/$1.got" "$UI_DIR/$1.result"; then
		ok "golden $1"
	else
		echo "FAIL: golden $1"
		diff -u "$UI_DIR/$1.result" "$TM_OUT/$1.got" | sed 's/^/  /'
		# REGEN=1 (UI_REGEN=1, the old name, too) rewrites it.
		[ -n "${REGEN:-${UI_REGEN:-}}" ] && cp "$TM_OUT/$1.got" "$UI_DIR/$1.result"
		fails=$((fails + 1))
	fi
}

# quit_restores DESC: after the wizard exits, exit 0 and the same tty modes.
quit_restores() {
	if tm_wait '^exit=0$' 10 && tm_wait '^TTY-RESTORED$' 5 &&
	    ! grep -qE 'Sanitizer|runtime error' "$TM_OUT/stderr"; then
		ok "$1"
	else
		fail "$1"
		sed 's/^/  stderr: /' "$TM_OUT/stderr"
	fi
}
