#!/usr/bin/env bash
# A one-node Slurm cluster on this machine (munge + slurmctld + slurmd, all as root, no systemd), for testing the
# study job array without a real cluster. Used by tests/study/test_study_slurm.cpp; works in a Debian 12
# container.
#
#   packaging/slurm/local-cluster.sh install   # apt packages: slurmctld slurmd slurm-client munge
#   packaging/slurm/local-cluster.sh start     # writes $STATE_DIR/slurm.conf, starts the daemons, waits for the node
#   packaging/slurm/local-cluster.sh env       # prints "export SLURM_CONF=..." for the client commands
#   packaging/slurm/local-cluster.sh status
#   packaging/slurm/local-cluster.sh stop      # stops what `start` started
#
# STATE_DIR (default /tmp/interlens-slurm) holds the configuration, state, spool, logs and pid files.
set -euo pipefail

STATE_DIR=${STATE_DIR:-/tmp/interlens-slurm}
CONF="$STATE_DIR/slurm.conf"

die() { echo "local-cluster: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "needs root (or sudo) for: $*"; fi
}

install_packages() {
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
        && command -v munged >/dev/null; then
        echo "local-cluster: slurmctld, slurmd, sbatch and munged are installed"
        return
    fi
    export DEBIAN_FRONTEND=noninteractive
    for attempt in 1 2 3 4 5 6; do
        if as_root apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge; then return; fi
        echo "local-cluster: apt-get failed (locked?), retrying in 10 s" >&2
        sleep 10
        [ "$attempt" -eq 3 ] && as_root apt-get update || true
    done
    die "could not install slurmctld slurmd slurm-client munge"
}

start_munge() {
    if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
        return # a munged is already answering
    fi
    if [ ! -s /etc/munge/munge.key ]; then
        as_root mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
            || as_root dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
        as_root chown munge:munge /etc/munge/munge.key
        as_root chmod 400 /etc/munge/munge.key
    fi
    as_root mkdir -p /run/munge /var/log/munge /var/lib/munge
    as_root chown munge:munge /run/munge /var/log/munge /var/lib/munge
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u munge -- /usr/sbin/munged
    else
        sudo -u munge /usr/sbin/munged
    fi
    touch "$STATE_DIR/munged.started"
    for _ in $(seq 50); do
        if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
        sleep 0.1
    done
    die "munged did not start (see /var/log/munge/munged.log)"
}

write_conf() {
    local node
    node=$(slurmd -C | head -n 1) # NodeName=<host> CPUs=.. Boards=.. ... RealMemory=..: the node as slurmd sees it
    local host
    host=$(hostname -s)
    mkdir -p "$STATE_DIR/state" "$STATE_DIR/spool" "$STATE_DIR/log"
    cat >"$CONF" <<CONF
# Written by packaging/slurm/local-cluster.sh: a one-node test cluster.
ClusterName=interlens-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE_DIR/state
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd.log
SlurmctldPort=${SLURMCTLD_PORT:-6817}
SlurmdPort=${SLURMD_PORT:-6818}
# No cgroups in a container: track processes by parent id, bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
KillWait=5
SlurmdTimeout=60
$node State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
}

start() {
    command -v slurmctld >/dev/null || die "slurmctld is not installed (run: $0 install)"
    mkdir -p "$STATE_DIR"
    start_munge
    write_conf
    export SLURM_CONF="$CONF"
    if [ ! -s "$STATE_DIR/slurmctld.pid" ] || ! kill -0 "$(cat "$STATE_DIR/slurmctld.pid")" 2>/dev/null; then
        slurmctld -f "$CONF" -i # -i: ignore (discard) state from an earlier run
    fi
    if [ ! -s "$STATE_DIR/slurmd.pid" ] || ! kill -0 "$(cat "$STATE_DIR/slurmd.pid")" 2>/dev/null; then
        slurmd -f "$CONF"
    fi
    local host state=""
    host=$(hostname -s)
    for _ in $(seq 150); do
        state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null || true)
        case "$state" in
            idle* | mixed* | allocated*) echo "local-cluster: node $host is $state (SLURM_CONF=$CONF)"; return ;;
            down* | drain* | drained*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
        esac
        sleep 0.2
    done
    die "the node did not become idle (state '$state'); logs in $STATE_DIR/log"
}

stop() {
    export SLURM_CONF="$CONF"
    [ -f "$CONF" ] && scancel --user="$(id -un)" >/dev/null 2>&1 || true
    for daemon in slurmd slurmctld; do
        local pidfile="$STATE_DIR/$daemon.pid"
        if [ -s "$pidfile" ]; then
            local pid
            pid=$(cat "$pidfile")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            rm -f "$pidfile"
        fi
    done
    if [ -f "$STATE_DIR/munged.started" ] && [ -s /run/munge/munged.pid ]; then
        as_root kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
        rm -f "$STATE_DIR/munged.started"
    fi
    echo "local-cluster: stopped"
}

case "${1:-}" in
    install) install_packages ;;
    start) start ;;
    stop) stop ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    status) SLURM_CONF="$CONF" sinfo; SLURM_CONF="$CONF" squeue ;;
    *) die "usage: $0 install|start|stop|status|env" ;;
esac
