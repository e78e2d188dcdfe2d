# tests/lib/port.bash - free_port: print a TCP port on 127.0.0.1 that
# nothing listens on (probed with bash's /dev/tcp; no other tools needed).
free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 30000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	echo "$p"
}
