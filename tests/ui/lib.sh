# tests/ui/lib.sh: drive the real program in a private tmux server (tmux's
# own regress style).  Each test gets its own socket, prtest<pid>-<n>, and
# kills only that server.  Sourced by tests/ui/*.sh.

P=${PHONERESCUE:?}
UI_DIR=${top_srcdir:?}/tests/ui
TM_N=0
TM_SOCK=
TM_OUT=$(mktemp -d "${TMPDIR:-/tmp}/prui.XXXXXX") || exit 99
fails=0

tm() { tmux -L "$TM_SOCK" "$@"; }

# kill-server leaves the socket file behind: remove ours too.
tm_cleanup() {
	if [ -n "$TM_SOCK" ]; then
		tmux -L "$TM_SOCK" kill-server 2>/dev/null
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TM_SOCK"
	fi
	TM_SOCK=
}
trap 'tm_cleanup; rm -rf "$TM_OUT"' EXIT INT TERM

# tm_start COLS ROWS ENV... -- ARGS...: the wizard in a fresh server (run
# through $TM_PREFIX if set, e.g. "ip netns exec NS").  The pane's shell
# records the terminal modes before and after, then waits.
tm_start() {
	cols=$1 rows=$2; shift 2
	envs=
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	tm_cleanup
	TM_N=$((TM_N + 1))
	TM_SOCK=prtest$$-$TM_N
	cat > "$TM_OUT/run.sh" <<EOS
trap : INT	# Ctrl-C is the wizard's to answer; the pane's shell lives on
stty -g > "$TM_OUT/tty.before"
env LANG=C.UTF-8 LC_ALL=C.UTF-8 PHONERESCUE_DATADIR="$top_srcdir/data" $envs ${TM_PREFIX:-} "$P" $* 2> "$TM_OUT/stderr"
echo "exit=\$?"
stty -g > "$TM_OUT/tty.after"
cmp -s "$TM_OUT/tty.before" "$TM_OUT/tty.after" && echo TTY-RESTORED
exec sleep 300
EOS
	tmux -L "$TM_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
	    "sh $TM_OUT/run.sh" || { echo "cannot start tmux"; exit 99; }
	tm set-option -g status off >/dev/null
}

tm_capture() { tm capture-pane -p; }

# tm_wait PATTERN [SECONDS]: until the screen matches (grep -E).
tm_wait() {
	i=0 limit=$(( ${2:-20} * 20 ))
	while [ $i -lt "$limit" ]; do
		tm_capture 2>/dev/null | grep -qE -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

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
