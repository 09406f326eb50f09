#!/bin/sh
# Issue 16, polish: the SEP file the wizard writes names the server's own
# address as processNodeName (the address it serves on, from the engines'
# ready line), not a hard-coded 198.18.0.1; the log says which.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
R=$TM_OUT/root
mkdir "$R" || exit 99

cat > "$TM_OUT/sep.script" <<'EOS'
iface pr0 carrier=1 addr=198.18.7.1/24
at 0 cmd pick pr0
at 0 ready iface=pr0 address=198.18.7.1/24 dhcp=1 tftp=1 sniff=1
at 0 cmd goto serving
at 1000 dhcp_lease mac=00:1b:d4:aa:bb:cc ip=198.18.7.10 model=7970 state=ack
at 2000 cmd write-sep 00:1b:d4:aa:bb:cc
EOS
tm_start 100 30 -- wizard --script "$TM_OUT/sep.script" -r "$R"
expect "script replayed" 'script: end'
expect "the log names the address" 'wrote a SEP config for 00:1b:d4:aa:bb:cc \(processNodeName 198\.18\.7\.1\)'
f=$R/SEP001BD4AABBCC.cnf.xml
if grep -q '<processNodeName>198\.18\.7\.1</processNodeName>' "$f" 2>/dev/null; then
	ok "processNodeName is the serving address"
else
	fail "processNodeName is the serving address"
	sed 's/^/  file: /' "$f" 2>/dev/null
fi
tm send-keys q
quit_restores "quit"

echo "$fails failed"
[ $fails -eq 0 ]
