#!/bin/sh
# mcreboot.sh [-c CPUS] [-m SIZE@NUMA]
#
# Boots McKernel on this node as McKernel 1.0's mcreboot does, with 1.2's -c/-m options and
# rollback: load IHK, reserve CPUs and memory, create OS 0, assign them to it, load the kernel
# image, boot it with "hidos", load mcctrl, and give the device files to the invoking user.
# An OS that is up already is stopped first (mcstop+release.sh). Silent on success; on a
# failure the failing step's error line is printed and everything done so far is undone.
#
# Defaults: every free LWK CPU (present, offline to Linux, not reserved yet) and 512M@0.
# Paths are relative to this script's install tree (<prefix>/sbin/mcreboot.sh).

prefix=$(cd "$(dirname "$0")/.." && pwd)
sbin=$prefix/sbin
kmod=$prefix/kmod
image=$prefix/smp-x86/kernel/mckernel.img

usage() {
	echo "Usage: $0 [-c CPUS] [-m SIZE@NUMA]" >&2
	exit 1
}

cpus=
mem=512M@0
while getopts :c:m: opt; do
	case $opt in
	c) cpus=$OPTARG ;;
	m) mem=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

loaded() {
	grep -q "^$1 " /proc/modules
}

# Undoes, newest first, the steps done so far; quietly: the error was reported already.
undo() {
	[ -n "$did_mcctrl" ] && rmmod mcctrl
	[ -n "$did_create" ] && "$sbin/ihkconfig" 0 destroy 0
	if [ -n "$did_mem" ]; then
		for m in $(echo "$mem" | tr , ' '); do
			"$sbin/ihkconfig" 0 release mem "$m"
		done
	fi
	[ -n "$did_cpu" ] && "$sbin/ihkconfig" 0 release cpu "$cpus"
	[ -n "$did_smp" ] && rmmod ihk_smp_x86
	[ -n "$did_ihk" ] && rmmod ihk
}

error_exit() {
	[ -n "$1" ] && echo "error: $1" >&2
	undo >/dev/null 2>&1
	exit 1
}

# "1-3,5" -> "1 2 3 5"
expand() {
	echo "$1" | tr , '\n' | while IFS=- read -r first last; do
		[ -n "$first" ] && seq "$first" "${last:-$first}"
	done
}

# Present CPUs that are offline to Linux and not in IHK's reserved pool, as "1,2,3".
free_cpus() {
	present=" $(expand "$(cat /sys/devices/system/cpu/present)" | tr '\n' ' ')"
	reserved=" $(expand "$("$sbin/ihkconfig" 0 query cpu)" | tr '\n' ' ')"
	for cpu in $(expand "$(cat /sys/devices/system/cpu/offline)"); do
		case $present in *" $cpu "*) ;; *) continue ;; esac
		case $reserved in *" $cpu "*) continue ;; esac
		echo "$cpu"
	done | paste -sd, -
}

# With "hidos" the LWK connects to mcctrl's channels (retrying every second); mcexec works
# once it logged "MCK/IHK booted.".
wait_for_mcctrl() {
	tries=0
	until "$sbin/ihkosctl" 0 kmsg | grep -q '^MCK/IHK booted\.$'; do
		tries=$((tries + 1))
		[ $tries -gt 50 ] && return 1
		sleep 0.1
	done
}

[ "$(id -u)" -eq 0 ] || { echo "error: $0 needs root (sudo)" >&2; exit 1; }

if loaded mcctrl || [ -e /dev/mcos0 ]; then
	"$sbin/mcstop+release.sh" || exit 1
fi

if ! loaded ihk; then
	insmod "$kmod/ihk.ko" || error_exit "inserting ihk.ko"
	did_ihk=1
fi
if ! loaded ihk_smp_x86; then
	insmod "$kmod/ihk-smp-x86.ko" || error_exit "inserting ihk-smp-x86.ko"
	did_smp=1
fi

if [ -z "$cpus" ]; then
	cpus=$(free_cpus)
	[ -n "$cpus" ] || error_exit "no free CPUs for McKernel"
fi
"$sbin/ihkconfig" 0 reserve cpu "$cpus" || error_exit
did_cpu=1
"$sbin/ihkconfig" 0 reserve mem "$mem" || error_exit
did_mem=1

"$sbin/ihkconfig" 0 create || error_exit
did_create=1
"$sbin/ihkosctl" 0 assign cpu "$cpus" || error_exit
"$sbin/ihkosctl" 0 assign mem "$mem" || error_exit
"$sbin/ihkosctl" 0 load "$image" || error_exit
"$sbin/ihkosctl" 0 kargs "hidos" || error_exit
"$sbin/ihkosctl" 0 boot || error_exit

insmod "$kmod/mcctrl.ko" || error_exit "inserting mcctrl.ko"
did_mcctrl=1
wait_for_mcctrl || error_exit "McKernel did not connect to mcctrl"

user=${SUDO_USER:-$(logname 2>/dev/null)}
if [ -n "$user" ]; then
	chown "$user" /dev/mcd* /dev/mcos* || error_exit "giving /dev/mcd0 and /dev/mcos0 to $user"
fi
