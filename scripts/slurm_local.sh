#!/usr/bin/env bash
# A single-node Slurm cluster on localhost, for `tpe sweep --backend slurm`
# and its test: `scripts/slurm_local.sh start` configures slurmctld + slurmd
# (+ munge) under $SLURM_LOCAL_DIR (default /tmp/tpe-slurm), waits until the
# node is idle and prints the `export SLURM_CONF=...` line; `stop` ends them.
# Runs as root (slurmd must). Containers: proctrack/linuxproc and task/none,
# because the cgroup plugins abort without a writable cgroup tree.
set -euo pipefail
DIR=${SLURM_LOCAL_DIR:-/tmp/tpe-slurm}
CONF=$DIR/slurm.conf
cmd=${1:-start}

need() { command -v "$1" >/dev/null 2>&1 || { echo "slurm_local: $1 is not installed: run make setup (slurm-wlm, munge)" >&2; exit 1; }; }

stop() {
  for f in "$DIR"/slurmd.pid "$DIR"/slurmctld.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  rm -f "$DIR"/slurmd.pid "$DIR"/slurmctld.pid
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop" >&2; exit 2; }
need slurmctld; need slurmd; need munged; need sinfo
[ "$(id -u)" -eq 0 ] || { echo "slurm_local: must run as root (slurmd does)" >&2; exit 1; }
mkdir -p "$DIR"/{spool,state,log}

# munge: a key, then the daemon (once).
if [ ! -f /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key; else
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; fi
fi
chown munge:munge /etc/munge/munge.key 2>/dev/null || true
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
if ! munge -n >/dev/null 2>&1; then
  if id munge >/dev/null 2>&1; then runuser -u munge -- munged --force; else munged --force; fi
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
fi

CPUS=$(nproc)
MEM=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
MEM=${MEM:-1000}
cat > "$CONF" <<CONF
ClusterName=tpe
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=30
NodeName=localhost CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=tpe Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$CONF
stop
slurmctld -f "$CONF"
slurmd -f "$CONF"
for _ in $(seq 60); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)
  case "$state" in idle*|mixed*|allocated*) echo "export SLURM_CONF=$CONF"; exit 0;; esac
  scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
  sleep 1
done
echo "slurm_local: the node did not become idle (state '$state'); logs in $DIR/log" >&2
exit 1
