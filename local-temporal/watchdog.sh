#!/bin/sh
# sopflow's server watchdog: runs a local Temporal server as its child and stops it when the process that started
# us dies, even by kill -9 (Node cannot ask Linux for PR_SET_PDEATHSIG), so no orphan keeps the ports.
# Usage: sh watchdog.sh <command> [args...]. SIGTERM/SIGINT/SIGHUP are passed on; exits with the server's status.
parent=$PPID
"$@" &
child=$!
stop() {
  kill -TERM "$child" 2>/dev/null
  wait "$child"
  exit $?
}
trap stop TERM INT HUP
parent_alive() {
  if [ -r "/proc/$$/stat" ]; then
    # Field 4 is our current parent: it changes (to init or a subreaper) the moment ours dies.
    read -r _ _ _ ppid _ <"/proc/$$/stat"
    [ "$ppid" = "$parent" ]
  else
    kill -0 "$parent" 2>/dev/null
  fi
}
while kill -0 "$child" 2>/dev/null; do
  if ! parent_alive; then
    echo "sopflow watchdog: the process that started this server (pid $parent) is gone; stopping the server" >&2
    stop
  fi
  # `wait` is interruptible, so a SIGTERM is passed on at once rather than after the sleep.
  sleep 1 &
  wait $!
done
wait "$child"
