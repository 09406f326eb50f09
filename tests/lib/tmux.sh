# tests/lib/tmux.sh: a program on a terminal of a given size, in a tmux
# server of its own (tmux's own regress style), for the shell tests that
# watch a screen.  Sourced by tests/ui/lib.sh and tests/net/*.sh.
#
#   . "$top_srcdir/tests/lib/tmux.sh"
#   tmx_require                  exit 77 (99 under CI) unless tmux is there
#   tmx_trap [CMD]               on any exit: tmx_cleanup, then CMD (e.g.
#                                netns_cleanup); keeps the exit status
#   tmx_start TAG COLS ROWS CMD  CMD (sh) in a new server and session, both
#                                named pr<TAG><pid>-<n>, COLS x ROWS, no
#                                status line; it becomes the current one.
#                                When CMD ends its status goes to $TMX_RC
#                                and the pane stays (its screen readable)
#   tmx ARGS...                  tmux on the current server
#   tmx_keys KEY...              send-keys to the current session
#   tmx_capture [ARGS...]        its screen on stdout (capture-pane -p ARGS)
#   tmx_wait [-J] [-i] [-a FILE] REGEX [SECS]
#                                until the screen matches (grep -E; -i any
#                                case; -J wrapped lines joined); the last
#                                screen is left in $TMX_SCREEN, and -a
#                                appends every screen seen to FILE.
#                                SECS defaults to 20; 1 when it times out
#   tmx_wait_exit [SECS]         until CMD ended; prints its exit status
#                                ("" when it did not end in time)
#   tmx_pane_pid                 the pane's shell
#   tmx_child_pid                the shell's first child: CMD's program
#   tmx_kill                     kill the current server (by its name)
#   tmx_kill_all                 kill every server this test started
#   tmx_cleanup                  that, and remove $TMX_DIR
#
# Every wait polls for a state; none sleeps a fixed time.  The names and
# the list of servers to kill live in files in $TMX_DIR (made here unless
# set before), so a server started in a subshell, $(...), is unique and
# killed too.

TMX_DIR=${TMX_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/prtmx.XXXXXX")} || exit 99
mkdir -p "$TMX_DIR" && chmod 755 "$TMX_DIR" || exit 99
TMX_SOCK=
TMX_RC=
TMX_SCREEN=

tmx_require() {
	command -v tmux >/dev/null 2>&1 && return 0
	if [ "${PHONERESCUE_REQUIRE_ROOT:-0}" = 1 ]; then
		echo "tmux is a test dependency: failing" >&2
		exit 99
	fi
	echo "SKIP: tmux missing" >&2
	exit 77
}

tmx() { tmux -L "$TMX_SOCK" "$@"; }

# kill-server leaves the socket file behind: remove it too.
tmx_kill_sock() {
	tmux -L "$1" kill-session -t "$1" 2>/dev/null
	tmux -L "$1" kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$1"
}

tmx_kill() {
	[ -n "$TMX_SOCK" ] && tmx_kill_sock "$TMX_SOCK"
	TMX_SOCK=
}

tmx_kill_all() {
	if [ -f "$TMX_DIR/servers" ]; then
		while read -r tmx_s; do
			tmx_kill_sock "$tmx_s"
		done <"$TMX_DIR/servers"
		rm -f "$TMX_DIR/servers"
	fi
	TMX_SOCK=
	return 0
}

tmx_cleanup() {
	tmx_kill_all
	rm -rf "$TMX_DIR"
	return 0
}

tmx_trap() {
	trap 'rc=$?; tmx_cleanup; '"${1:-:}"'; exit $rc' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

tmx_start() {
	tmx_n=$(( $(cat "$TMX_DIR/n" 2>/dev/null || echo 0) + 1 ))
	echo "$tmx_n" >"$TMX_DIR/n"
	TMX_SOCK=pr$1$$-$tmx_n
	echo "$TMX_SOCK" >>"$TMX_DIR/servers"
	TMX_RC=$TMX_DIR/$TMX_SOCK.rc
	TMX_SCREEN=$TMX_DIR/$TMX_SOCK.screen
	# CMD is the pane shell's own command list: its program is the
	# shell's child (tmx_child_pid), as if typed.
	tmux -L "$TMX_SOCK" -f /dev/null new-session -d -s "$TMX_SOCK" \
	    -x "$2" -y "$3" "$4
echo \$? >'$TMX_RC'; exec sleep 300" || { echo "cannot start tmux"; exit 99; }
	tmx set-option -g status off >/dev/null
}

tmx_keys() { tmx send-keys -t "$TMX_SOCK" "$@"; }

tmx_capture() { tmx capture-pane -p -t "$TMX_SOCK" "$@"; }

tmx_wait() {
	tmx_j= tmx_i= tmx_a=
	while [ $# -gt 0 ]; do
		case $1 in
		-J) tmx_j=-J; shift ;;
		-i) tmx_i=-i; shift ;;
		-a) tmx_a=$2; shift 2 ;;
		*) break ;;
		esac
	done
	tmx_n=0 tmx_lim=$(( ${2:-20} * 20 ))
	while [ $tmx_n -lt "$tmx_lim" ]; do
		tmx_capture $tmx_j >"$TMX_SCREEN" 2>/dev/null
		[ -n "$tmx_a" ] && cat "$TMX_SCREEN" >>"$tmx_a"
		grep -qE $tmx_i -- "$1" "$TMX_SCREEN" && return 0
		sleep 0.05
		tmx_n=$((tmx_n + 1))
	done
	return 1
}

tmx_wait_exit() {
	tmx_n=0 tmx_lim=$(( ${1:-10} * 20 ))
	while [ ! -s "$TMX_RC" ] && [ $tmx_n -lt "$tmx_lim" ]; do
		sleep 0.05
		tmx_n=$((tmx_n + 1))
	done
	cat "$TMX_RC" 2>/dev/null
	return 0
}

tmx_pane_pid() { tmx list-panes -t "$TMX_SOCK" -F '#{pane_pid}' 2>/dev/null; }

tmx_child_pid() {
	ps -o pid= --ppid "$(tmx_pane_pid)" 2>/dev/null | head -1 | tr -d ' '
}
