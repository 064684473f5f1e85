#!/bin/sh
# mcstop+release.sh
#
# Stops McKernel and gives Linux its CPUs and memory back, as McKernel 1.0's
# mcstop+release does: unload mcctrl, destroy every OS instance, release the CPUs and the
# memory IHK still holds (query, then release), unload ihk-smp-x86. ihk.ko stays loaded, as
# in 1.0. While a process still uses an OS instance (a running mcexec) it changes nothing and
# says which processes. Silent on success; a failing step's error line ends it.

prefix=$(cd "$(dirname "$0")/.." && pwd)
sbin=$prefix/sbin

loaded() {
	grep -q "^$1 " /proc/modules
}

# Processes with an open /dev/mcos<N>, as "pid pid ...".
mcos_users() {
	for fd in /proc/[0-9]*/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		/dev/mcos*) pid=${fd#/proc/}; echo "${pid%%/*}" ;;
		esac
	done | sort -un | paste -sd' ' -
}

[ $# -eq 0 ] || { echo "Usage: $0" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "error: $0 needs root (sudo)" >&2; exit 1; }

users=$(mcos_users)
if [ -n "$users" ]; then
	echo "error: processes still using /dev/mcos*: $users" >&2
	exit 1
fi

if loaded mcctrl; then
	rmmod mcctrl || { echo "error: removing mcctrl" >&2; exit 1; }
fi
for dev in /dev/mcos*; do
	[ -e "$dev" ] || continue
	"$sbin/ihkconfig" 0 destroy "${dev#/dev/mcos}" || exit 1
done
if [ -e /dev/mcd0 ]; then
	cpus=$("$sbin/ihkconfig" 0 query cpu) || exit 1
	if [ -n "$cpus" ]; then
		"$sbin/ihkconfig" 0 release cpu "$cpus" || exit 1
	fi
	mem=$("$sbin/ihkconfig" 0 query mem) || exit 1
	# The pool may be several regions; "all" releases each of them.
	if [ -n "$mem" ]; then
		"$sbin/ihkconfig" 0 release mem all || exit 1
	fi
fi
if loaded ihk_smp_x86; then
	rmmod ihk_smp_x86 || { echo "error: removing ihk-smp-x86" >&2; exit 1; }
fi
