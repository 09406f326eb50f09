# bench/cgcpu.sh: a server's CPU time, every thread's, living or gone,
# sourced by the benchmarks.  Each process group named goes into a
# CPU-accounting cgroup made for the run (cgroup v1's cpuacct, or v2's
# cpu.stat) and removed after it; without either, /proc/PID/stat's clock
# ticks of the processes named.  (A server with a thread per connection
# runs mostly in threads that are gone when the fetch is: one thread's
# /proc/PID/schedstat would miss them.)
#
#   cg_join NAME PID...   count these processes as NAME from now on
#   cg_ns NAME            NAME's CPU time so far, in ns
#   cg_remove             after the processes are gone (the EXIT trap)
#   CG_KIND               v1, v2, or empty (ticks)
CG_KIND="" CG_ROOT="" CGS=""
if [ -w /sys/fs/cgroup/cpuacct/cgroup.procs ]; then
	CG_KIND=v1 CG_ROOT=/sys/fs/cgroup/cpuacct
elif [ -f /sys/fs/cgroup/cgroup.controllers ] &&
    [ -w /sys/fs/cgroup/cgroup.procs ]; then
	CG_KIND=v2 CG_ROOT=/sys/fs/cgroup
fi
cg_join() {
	n=$1; shift
	eval "CGP_$n=\"$*\""
	[ -n "$CG_KIND" ] || return 0
	d=$CG_ROOT/prbench.$$.$n
	mkdir -p "$d" || { CG_KIND=""; return 0; }
	CGS="$CGS $d"
	for p in "$@"; do echo "$p" >"$d/cgroup.procs"; done
}
cg_ns() {
	d=$CG_ROOT/prbench.$$.$1
	case $CG_KIND in
	v1)	cat "$d/cpuacct.usage" ;;
	v2)	awk '$1 == "usage_usec" { printf "%d\n", $2 * 1000 }' "$d/cpu.stat" ;;
	*)	eval "ps=\$CGP_$1"; t=0
		for p in $ps; do
			v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)
			t=$((t + v))
		done
		echo $((t * 1000000000 / $(getconf CLK_TCK))) ;;
	esac
}
cg_remove() {
	for d in $CGS; do
		i=0
		while ! rmdir "$d" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
	done
}
cg_says() {
	if [ -n "$CG_KIND" ]; then echo "cgroup $CG_KIND (ns)"
	else echo "/proc/PID/stat (clock ticks)"; fi
}
