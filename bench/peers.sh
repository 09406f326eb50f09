# bench/peers.sh: what the benchmarks that run peers share (sourced).
#
# nginx_start NS CPU DIR ROOT ADDR:PORT: nginx as the HTTP peer, inside
# namespace NS, pinned to CPU: one worker process, sendfile
# on with its default 2 MiB chunk, tcp_nopush, no access log; a private
# config, pidfile and logs under DIR, the package's service never used.
# Its PID in NGINX_PID (netns_bg: killed at exit).
#
# A server's CPU time, every thread's, living or gone.  Each process group named goes into a
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

nginx_start() {
	mkdir -p "$3"
	cat >"$3/nginx.conf" <<EOC
daemon off;
worker_processes 1;
pid $3/nginx.pid;
error_log $3/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 30;
	default_type application/octet-stream;
	client_body_temp_path $3/body;
	proxy_temp_path $3/proxy;
	fastcgi_temp_path $3/fastcgi;
	uwsgi_temp_path $3/uwsgi;
	scgi_temp_path $3/scgi;
	server {
		listen $5;
		root $4;
		autoindex off;
	}
}
EOC
	netns_bg "$1" taskset -c "$2" nginx -p "$3" -c "$3/nginx.conf"
	NGINX_PID=$LAST_PID
}
