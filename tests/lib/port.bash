# tests/lib/port.bash - ports for servers the tests start on 127.0.0.1.
#
#   free_port               print a TCP port that nothing listens on, taken
#                           below the kernel's ephemeral range so that no
#                           client socket (curl, libpq) can hold it by the
#                           time a server binds it
#   served_port LOG SKIP    wait up to 40 s for `gongkai serve` to write its
#                           "serving http://HOST:PORT/" line to LOG after its
#                           first SKIP lines; print PORT, or fail
free_port() {
	local p lo=10000 hi=32000
	if read -r lo_e _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && [ "$lo_e" -gt 12000 ]; then
		hi=$((lo_e - 1))
	fi
	for _ in $(seq 1 50); do
		p=$((lo + RANDOM % (hi - lo)))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	echo "$p"
}

served_port() {
	local log=$1 skip=$2 line
	for _ in $(seq 1 400); do
		line=$(tail -n +"$((skip + 1))" "$log" 2>/dev/null | grep -m1 -o 'serving http://[0-9.]*:[0-9]*/')
		if [ -n "$line" ]; then
			line=${line%/}
			echo "${line##*:}"
			return 0
		fi
		sleep 0.1
	done
	return 1
}
