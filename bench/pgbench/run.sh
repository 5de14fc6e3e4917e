#!/usr/bin/env bash
# Connection and routing overhead of Shardgate, measured with pgbench -S (select-only) against
#   D            one PostgreSQL node holding all rows (direct),
#   PgBouncer    in transaction pooling mode in front of D,
#   Shardgate    in front of A and B (pgbench_accounts in 8 shards by aid, 4 on A and 4 on B),
# in -M simple, extended and prepared, with 8 clients (throughput) and 1 client (latency).
# Writes bench/pgbench/results/latest.md and copies it into docs/benchmarks.md under the section
# "## Connection and routing overhead (pgbench -S)". Loopback only; every step is bounded in time;
# servers, router, PgBouncer and temp files are removed on exit, Ctrl-C included.
#
# Then pgbench's built-in TPC-B-like script (-b tpcb-like: an account update on its shard, teller, branch and
# history on the home node A, so about half the transactions write on two nodes and commit with two-phase
# commit) in -M simple and extended, 8 clients, against D, PgBouncer and Shardgate, with a balance check.
#
# Environment: DURATION (seconds per measured run, default 15), WARMUP (seconds of warm-up per target
# and mode, default 5, 0 = none), SCALE (pgbench scale, default 10), WRITE_DOCS (1 = update
# docs/benchmarks.md, default 1), SHARDGATE_JAVA_OPTS (passed to the router's JVM by the launcher),
# SHARDGATE_REV (a git revision, e.g. HEAD: build and measure that commit from a temp export instead of the
# working tree, for when the tree is mid-edit; default: the working tree).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
SCALE="${SCALE:-10}"
WRITE_DOCS="${WRITE_DOCS:-1}"
SHARDS=8
MODES=(simple extended prepared)
CLIENTS=(8 1)
TARGETS=(direct pgbouncer shardgate)
SECTION="## Connection and routing overhead (pgbench -S)"
for v in DURATION WARMUP SCALE; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "$v must be a whole number of seconds/scale, got '${!v}'" >&2; exit 2; }
done
(( DURATION >= 1 && SCALE >= 1 )) || { echo "DURATION and SCALE must be at least 1" >&2; exit 2; }

results="$here/results"
logs="$results/logs"
work="$(mktemp -d "${TMPDIR:-/tmp}/shardgate-pgbench.XXXXXX")"
chmod 0711 "$work"   # PgBouncer runs as another user and must reach its own subfolder
rm -rf "$logs"
mkdir -p "$logs" "$work/pglog"

exec 9>&2   # the script's own stderr, for messages from traps that fire while a command's output is redirected
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&9; }

# ---------------------------------------------------------------------------------------------
# Cleanup: runs on every exit, Ctrl-C and TERM included.
CHILD=""            # the bounded foreground command (run_bounded), if any
ROUTER_PID=""
BOUNCER_PID=""
WATCHDOG_PID=""
NODE_DIRS=()
CLEANED=0
BINDIR=""
is_root() { [ "$(id -u)" -eq 0 ]; }
PGWRAP=()
is_root && PGWRAP=(unshare -U)   # PostgreSQL refuses to run as root; in a new user namespace we are not

stop_pid() {   # pid seconds: TERM, wait, then KILL
  local pid="$1" secs="$2" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  [ "$CLEANED" = 1 ] && return
  CLEANED=1
  trap - INT TERM
  set +e
  [ -n "$CHILD" ] && stop_pid "$CHILD" 5
  stop_pid "$ROUTER_PID" 10
  stop_pid "$BOUNCER_PID" 5
  local d pid
  for d in "${NODE_DIRS[@]}"; do
    timeout 30 "${PGWRAP[@]}" "$BINDIR/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
    if [ -f "$d/postmaster.pid" ]; then
      pid="$(head -1 "$d/postmaster.pid" 2>/dev/null)"
      [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    fi
    [ -f "$d.log" ] && cp "$d.log" "$logs/postgres-$(basename "$d").log" 2>/dev/null
  done
  [ -f "$work/pgbouncer/pgbouncer.log" ] && cp "$work/pgbouncer/pgbouncer.log" "$logs/pgbouncer.log" 2>/dev/null
  [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
  rm -rf "$work"
  [ "$rc" -ne 0 ] && log "stopped (exit $rc); logs kept in $logs"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# Runs a command with a time limit, in the background so that Ctrl-C reaches the trap at once
# (bash runs traps only between foreground commands, but interrupts `wait`).
run_bounded() {
  local secs="$1" rc=0
  shift
  timeout -k 10 "$secs" "$@" &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

# A whole-run limit on top of the per-step limits: setup, build and the runs with generous slack.
runs=$(( ${#MODES[@]} * ${#CLIENTS[@]} * ${#TARGETS[@]} ))
MAX_SECONDS=$(( 1800 + runs * (DURATION + 30) + ${#MODES[@]} * ${#TARGETS[@]} * (WARMUP + 30) + 2 * ${#TARGETS[@]} * (DURATION + 60) ))
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$MAX_SECONDS" & sleeper=$!
  wait "$sleeper" && { echo "run.sh: whole-run limit of ${MAX_SECONDS}s reached, stopping" >&2; kill -TERM $$; }
) 2>/dev/null &
WATCHDOG_PID=$!

# ---------------------------------------------------------------------------------------------
# PostgreSQL binaries, ports, servers
BINDIR=""
if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/postgres" ]; then
  BINDIR="$(pg_config --bindir)"
else
  BINDIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
[ -n "$BINDIR" ] && [ -x "$BINDIR/initdb" ] && [ -x "$BINDIR/pgbench" ] ||
  { log "no PostgreSQL binaries (pg_config --bindir or /usr/lib/postgresql/*/bin)"; exit 1; }
PSQL="$BINDIR/psql"
PGBENCH="$BINDIR/pgbench"

USED_PORTS=" "
port_in_use() {
  if command -v ss >/dev/null; then
    [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
free_port() {   # VAR: a loopback port nobody listens on, distinct from the ones handed out before
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$(( 20000 + RANDOM % 40000 ))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    port_in_use "$p" && continue
    USED_PORTS+="$p "
    printf -v "$1" '%s' "$p"
    return 0
  done
  log "no free port found"; return 1
}
wait_port() {   # port seconds [pid]: until the port accepts connections (and pid is alive)
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

start_node() {   # name port
  local dir="$work/node-$1"
  NODE_DIRS+=("$dir")
  run_bounded 120 "${PGWRAP[@]}" "$BINDIR/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$logs/initdb-$1.log" 2>&1 || { log "initdb $1 failed"; cat "$logs/initdb-$1.log" >&2; return 1; }
  run_bounded 90 "${PGWRAP[@]}" "$BINDIR/pg_ctl" -D "$dir" -l "$dir.log" -w -t 60 -o \
    "-c port=$2 -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB -c max_connections=200 -c max_prepared_transactions=64" \
    start >"$logs/pg_ctl-$1.log" 2>&1 || { log "starting node $1 failed"; tail -20 "$dir.log" >&2; return 1; }
}

sql() {   # port sql...: runs SQL on database bench, prints unaligned tuples
  local port="$1"
  shift
  run_bounded 600 "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d bench -At -c "$*"
}

# ---------------------------------------------------------------------------------------------
log "work folder $work; logs in $logs; DURATION=${DURATION}s WARMUP=${WARMUP}s SCALE=$SCALE"
free_port PORT_A; free_port PORT_B; free_port PORT_D; free_port PORT_ROUTER; free_port PORT_BOUNCER
log "starting PostgreSQL nodes A ($PORT_A), B ($PORT_B), D ($PORT_D) from $BINDIR"
start_node a "$PORT_A"
start_node b "$PORT_B"
start_node d "$PORT_D"
for p in "$PORT_A" "$PORT_B" "$PORT_D"; do
  run_bounded 60 "$PSQL" -X -q -h 127.0.0.1 -p "$p" -U postgres -d postgres -c "CREATE DATABASE bench" >/dev/null
done

for n in d a b; do
  v="PORT_${n^^}"
  log "pgbench -i -s $SCALE on node ${n^^}"
  run_bounded 900 "$PGBENCH" -i -q -s "$SCALE" -h 127.0.0.1 -p "${!v}" -U postgres bench >"$logs/pgbench-init-$n.log" 2>&1 ||
    { log "pgbench -i on ${n^^} failed"; tail -20 "$logs/pgbench-init-$n.log" >&2; exit 1; }
done

# Shard i of N covers [-2^63 + floor(i*2^64/N), -2^63 + floor((i+1)*2^64/N)); the last one is open above.
# Placement: shards 0..N/2-1 on A, the rest on B. Each node keeps only the accounts of its shards.
half=$(( SHARDS / 2 ))
placement=""
for ((i = 0; i < SHARDS; i++)); do placement+="$( ((i < half)) && echo a || echo b ), "; done
placement="[${placement%, }]"
keep_shards() {   # port first last
  sql "$1" "
    DELETE FROM pgbench_accounts acc
    WHERE NOT EXISTS (
      SELECT 1
      FROM generate_series($2, $3) AS s(i),
           LATERAL (SELECT -9223372036854775808::numeric + div(18446744073709551616::numeric * s.i, $SHARDS) AS lo,
                           -9223372036854775808::numeric + div(18446744073709551616::numeric * (s.i + 1), $SHARDS) AS hi) AS r
      WHERE hashint8extended(acc.aid, 0)::numeric >= r.lo
        AND (s.i = $SHARDS - 1 OR hashint8extended(acc.aid, 0)::numeric < r.hi))"
}
log "keeping shards 0-$((half - 1)) on A and $half-$((SHARDS - 1)) on B"
keep_shards "$PORT_A" 0 $((half - 1))
keep_shards "$PORT_B" "$half" $((SHARDS - 1))
# branches, tellers and history are unsharded: they live on the home node A only
sql "$PORT_B" "DROP TABLE pgbench_branches, pgbench_tellers, pgbench_history"
for p in "$PORT_A" "$PORT_B" "$PORT_D"; do sql "$p" "VACUUM ANALYZE"; done
rows_a="$(sql "$PORT_A" "SELECT count(*) FROM pgbench_accounts")"
rows_b="$(sql "$PORT_B" "SELECT count(*) FROM pgbench_accounts")"
rows_d="$(sql "$PORT_D" "SELECT count(*) FROM pgbench_accounts")"
log "pgbench_accounts rows: A=$rows_a B=$rows_b (sum $((rows_a + rows_b))), D=$rows_d"
[ $((rows_a + rows_b)) -eq "$rows_d" ] || { log "A and B do not add up to D: the shard split is wrong"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Shardgate
CONFIG="$work/shardgate.yaml"
cat >"$CONFIG" <<EOF
listen: 127.0.0.1:$PORT_ROUTER
nodes:
  - name: a
    url: postgresql://postgres@127.0.0.1:$PORT_A/bench
  - name: b
    url: postgresql://postgres@127.0.0.1:$PORT_B/bench
home: a
colos:
  - name: accounts
    key_type: integer
    tables: {pgbench_accounts: aid}
    shards: $SHARDS
    placement: $placement
unsharded_tables: [pgbench_branches, pgbench_tellers, pgbench_history]
EOF
cp "$CONFIG" "$logs/shardgate.yaml"

ROUTER_OK=1
ROUTER_PROBLEM=""
LAUNCHER="$root/shardgate"
if [ -n "${SHARDGATE_REV:-}" ]; then
  mkdir -p "$work/src"
  git -C "$root" archive "$SHARDGATE_REV" | tar -x -C "$work/src" ||
    { log "cannot export revision $SHARDGATE_REV"; exit 1; }
  LAUNCHER="$work/src/shardgate"
fi
build_error() {   # log file: the first informative Maven error line, colours stripped
  sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -m1 -E '^\[ERROR\] .*(\.java|Failed|BUILD)' ||
    sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -m1 -E 'ERROR|error' || tail -1 "$1"
}
ROUTER_NOTES=()
start_router() {
  "$LAUNCHER" serve --config "$CONFIG" >>"$logs/router.log" 2>&1 &
  ROUTER_PID=$!
  if ! wait_port "$PORT_ROUTER" 120 "$ROUTER_PID"; then
    ROUTER_PROBLEM="router did not accept connections within 120 s: $(grep -m1 -iE 'error|exception' "$logs/router.log" || tail -1 "$logs/router.log")"
    return 1
  fi
}
log "building Shardgate with the launcher (when sources changed)"
if ! run_bounded 1500 "$LAUNCHER" --version >"$logs/build.log" 2>&1; then
  ROUTER_OK=0; ROUTER_PROBLEM="build failed: $(build_error "$logs/build.log" | sed "s|$root/||; s|$work/src/||")"
  [ -z "${SHARDGATE_REV:-}" ] && ROUTER_PROBLEM+=" (SHARDGATE_REV=HEAD measures the last commit instead of the working tree)"
elif ! run_bounded 300 "$LAUNCHER" provision --config "$CONFIG" >"$logs/provision.log" 2>&1; then
  ROUTER_OK=0; ROUTER_PROBLEM="provision failed: $(grep -m1 -iE 'error|exception' "$logs/provision.log" || tail -1 "$logs/provision.log")"
else
  log "starting Shardgate on $PORT_ROUTER (log: $logs/router.log)"
  start_router || ROUTER_OK=0
fi
if [ "$ROUTER_OK" = 1 ]; then
  # the router must find every sampled account on the shard where the split above left it
  for aid in 1 2 3 17 4242 99999 $(( SCALE * 100000 / 2 )) $(( SCALE * 100000 )); do
    got="$(run_bounded 30 "$PSQL" -X -h 127.0.0.1 -p "$PORT_ROUTER" -U postgres -d bench -At \
      -c "SELECT count(*) FROM pgbench_accounts WHERE aid = $aid" 2>&1)" || true
    if [ "$got" != 1 ]; then
      ROUTER_OK=0; ROUTER_PROBLEM="sanity check: aid $aid through the router gave '$got' rows, not 1"; break
    fi
  done
fi
[ "$ROUTER_OK" = 1 ] && log "Shardgate routes sampled accounts correctly" || log "Shardgate not measured: $ROUTER_PROBLEM"

# ---------------------------------------------------------------------------------------------
# PgBouncer (transaction pooling) in front of D
BOUNCER_OK=0
BOUNCER_PROBLEM=""
BOUNCER_HOW=""
PGBOUNCER="$(command -v pgbouncer || { [ -x /usr/sbin/pgbouncer ] && echo /usr/sbin/pgbouncer; } || true)"
if [ -z "$PGBOUNCER" ] && is_root && command -v apt-get >/dev/null; then
  log "installing pgbouncer (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! run_bounded 600 apt-get install -y -q pgbouncer >"$logs/apt.log" 2>&1; then
    run_bounded 600 apt-get update -q >>"$logs/apt.log" 2>&1 || true
    run_bounded 600 apt-get install -y -q pgbouncer >>"$logs/apt.log" 2>&1 || true
  fi
  PGBOUNCER="$(command -v pgbouncer || { [ -x /usr/sbin/pgbouncer ] && echo /usr/sbin/pgbouncer; } || true)"
fi
if [ -z "$PGBOUNCER" ]; then
  BOUNCER_PROBLEM="pgbouncer is not installed and could not be installed (apt-get install -y pgbouncer)"
else
  bdir="$work/pgbouncer"
  mkdir -p "$bdir"
  chmod 0777 "$bdir"
  printf '"postgres" ""\n' >"$bdir/userlist.txt"
  cat >"$bdir/pgbouncer.ini" <<EOF
[databases]
bench = host=127.0.0.1 port=$PORT_D dbname=bench user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT_BOUNCER
unix_socket_dir =
auth_type = trust
auth_file = $bdir/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
logfile = $bdir/pgbouncer.log
EOF
  chmod 0644 "$bdir"/*
  cp "$bdir/pgbouncer.ini" "$logs/pgbouncer.ini"
  # PgBouncer refuses to run as root: drop to nobody with -u, else run it as postgres, else in a user namespace
  attempts=()
  if is_root; then
    attempts+=("-u nobody" "runuser postgres" "unshare -U")
  else
    attempts+=("as $(id -un)")
  fi
  for how in "${attempts[@]}"; do
    case "$how" in
      "-u nobody") "$PGBOUNCER" -u nobody "$bdir/pgbouncer.ini" >>"$logs/pgbouncer.out" 2>&1 & ;;
      "runuser postgres") id postgres >/dev/null 2>&1 || continue
        runuser -u postgres -- "$PGBOUNCER" "$bdir/pgbouncer.ini" >>"$logs/pgbouncer.out" 2>&1 & ;;
      "unshare -U") unshare -U "$PGBOUNCER" "$bdir/pgbouncer.ini" >>"$logs/pgbouncer.out" 2>&1 & ;;
      *) "$PGBOUNCER" "$bdir/pgbouncer.ini" >>"$logs/pgbouncer.out" 2>&1 & ;;
    esac
    BOUNCER_PID=$!
    if wait_port "$PORT_BOUNCER" 10 "$BOUNCER_PID" &&
       [ "$(run_bounded 30 "$PSQL" -X -h 127.0.0.1 -p "$PORT_BOUNCER" -U postgres -d bench -At -c 'SELECT 1' 2>>"$logs/pgbouncer.out")" = 1 ]; then
      BOUNCER_OK=1; BOUNCER_HOW="$how"; break
    fi
    stop_pid "$BOUNCER_PID" 5; BOUNCER_PID=""
  done
  if [ "$BOUNCER_OK" = 1 ]; then
    log "PgBouncer on $PORT_BOUNCER (run $BOUNCER_HOW)"
  else
    BOUNCER_PROBLEM="pgbouncer did not start: $(tail -1 "$logs/pgbouncer.out" 2>/dev/null)"
    log "$BOUNCER_PROBLEM"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Measurements
declare -A PORT=([direct]="$PORT_D" [pgbouncer]="$PORT_BOUNCER" [shardgate]="$PORT_ROUTER")
declare -A LABEL=([direct]="direct (D)" [pgbouncer]="PgBouncer -> D" [shardgate]="Shardgate -> A/B")
declare -A TPS LAT P99 CNT ERR CPU
declare -A SKIP=()
[ "$BOUNCER_OK" = 1 ] || SKIP[pgbouncer]="$BOUNCER_PROBLEM"
[ "$ROUTER_OK" = 1 ] || SKIP[shardgate]="$ROUTER_PROBLEM"

pgbench_cmd() {   # target mode clients [log prefix]: prints the command as an argument list
  local threads=$(( $3 >= 2 ? 2 : 1 ))
  CMD=("$PGBENCH" -h 127.0.0.1 -p "${PORT[$1]}" -U postgres -n -S -T "$DURATION" -c "$3" -j "$threads" -M "$2")
  [ -n "${4:-}" ] && CMD+=(-l "--log-prefix=$4")
  CMD+=(bench)
}

router_alive() {
  [ "$1" != shardgate ] && return 0
  kill -0 "$ROUTER_PID" 2>/dev/null && return 0
  ROUTER_NOTES+=("the router process had exited before a $2 run (see logs/router.log); it was started again")
  log "router exited; restarting it"
  start_router
}

warm_up() {   # target mode
  [ "$WARMUP" -gt 0 ] || return 0
  local threads=2
  router_alive "$1" "$2 warm-up" || return 0
  run_bounded $(( WARMUP + 60 )) "$PGBENCH" -h 127.0.0.1 -p "${PORT[$1]}" -U postgres -n -S -T "$WARMUP" -c 8 -j "$threads" \
    -M "$2" bench >"$logs/warmup-$1-$2.txt" 2>&1 || true
}

proxy_pid() {   # target: the pid whose CPU time is the proxy's (pgbouncer itself, not a runuser wrapper)
  local pid=""
  case "$1" in
    shardgate) pid="$ROUTER_PID" ;;
    pgbouncer) pid="$BOUNCER_PID"
      if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != pgbouncer ]; then
        pid="$(pgrep -P "$pid" pgbouncer 2>/dev/null | head -1)"
      fi ;;
  esac
  echo "$pid"
}
cpu_ticks() {   # pid: user + system clock ticks of the process, all threads
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 0
  sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

measure() {   # target mode clients
  local key="$1/$2/$3" out="$logs/pgbench-$1-$2-c$3.txt" prefix="$work/pglog/$1-$2-c$3" rc=0
  if ! router_alive "$1" "$2 -c $3"; then
    ERR[$key]="router not running: $ROUTER_PROBLEM"; return 0
  fi
  pgbench_cmd "$1" "$2" "$3" "$prefix"
  log "pgbench ${LABEL[$1]} -M $2 -c $3 (${DURATION}s)"
  local ppid cpu0 cpu1
  ppid="$(proxy_pid "$1")"
  cpu0="$(cpu_ticks "$ppid")"
  run_bounded $(( DURATION + 60 )) "${CMD[@]}" >"$out" 2>&1 || rc=$?
  cpu1="$(cpu_ticks "$ppid")"
  local tps lat err
  tps="$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$out" | head -1)"
  lat="$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' "$out" | head -1)"
  CNT[$key]="$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$out" | head -1)"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    err="timed out after $(( DURATION + 60 ))s"
  elif [ "$rc" -ne 0 ] || [ -z "$tps" ] || grep -qE 'aborted|^number of failed transactions: [1-9]' "$out"; then
    err="$(grep -m1 -E 'error|ERROR|FATAL|aborted|failed transactions' "$out" || tail -1 "$out")"
    err="exit $rc: ${err:-no output}"
  fi
  if [ -n "${err:-}" ]; then
    ERR[$key]="$err"
    log "  fails: $err"
  else
    TPS[$key]="$tps"
    LAT[$key]="$lat"
    # the proxy's CPU time (user + system, all threads) per transaction, from /proc; clock ticks of 1/CLK_TCK s
    if [ -n "$cpu0" ] && [ -n "$cpu1" ] && [ -n "${CNT[$key]}" ] && [ "${CNT[$key]}" -gt 0 ]; then
      CPU[$key]="$(awk -v d=$(( cpu1 - cpu0 )) -v hz="$(getconf CLK_TCK)" -v n="${CNT[$key]}" 'BEGIN { printf "%.0f", d / hz * 1e6 / n }')"
    fi
    # p99 of the per-transaction latencies (3rd column, microseconds) of all clients' logs
    P99[$key]="$(cat "$prefix".* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n |
      awk '{v[NR] = $1} END {if (NR == 0) print ""; else {i = int(NR * 0.99); if (i < NR * 0.99) i++; if (i < 1) i = 1; print v[i]}}')"
    log "  tps $tps, mean $lat ms, p99 ${P99[$key]} us"
  fi
  rm -f "$prefix".*
}

started_at="$(date -u '+%Y-%m-%d %H:%M UTC')"
for mode in "${MODES[@]}"; do
  for t in "${TARGETS[@]}"; do [ -z "${SKIP[$t]:-}" ] && warm_up "$t" "$mode"; done
  for c in "${CLIENTS[@]}"; do
    for t in "${TARGETS[@]}"; do
      [ -n "${SKIP[$t]:-}" ] && continue
      measure "$t" "$mode" "$c"
    done
  done
done

# ---------------------------------------------------------------------------------------------
# TPC-B-like: writes, and for Shardgate cross-node transactions (two-phase commit)
TPCB_MODES=(simple extended)
declare -A BTPS BLAT BERR BCNT
measure_tpcb() {   # target mode
  local key="$1/$2" out="$logs/tpcb-$1-$2.txt" rc=0 tps lat failed
  if ! router_alive "$1" "TPC-B $2"; then
    BERR[$key]="router not running: $ROUTER_PROBLEM"; return 0
  fi
  log "pgbench -b tpcb-like ${LABEL[$1]} -M $2 -c 8 (${DURATION}s)"
  run_bounded $(( DURATION + 60 )) "$PGBENCH" -h 127.0.0.1 -p "${PORT[$1]}" -U postgres -n -b tpcb-like \
    -T "$DURATION" -c 8 -j 2 -M "$2" bench >"$out" 2>&1 || rc=$?
  tps="$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$out" | head -1)"
  lat="$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' "$out" | head -1)"
  failed="$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$out" | head -1)"
  BCNT[$key]="$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$out" | head -1)"
  if [ "$rc" -ne 0 ] || [ -z "$tps" ] || [ "${failed:-0}" != 0 ] || grep -q aborted "$out"; then
    BERR[$key]="exit $rc: $(grep -m1 -E 'error|ERROR|FATAL|aborted|failed transactions' "$out" || tail -1 "$out")"
    log "  fails: ${BERR[$key]}"
  else
    BTPS[$key]="$tps"; BLAT[$key]="$lat"
    log "  tps $tps, mean $lat ms"
  fi
}
balance_check() {   # ports of the accounts (space-separated) and of the home node: "sums a=b=t=delta" or a mismatch
  local a=0 p v b t d
  for p in $1; do v="$(sql "$p" "SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts")"; a=$(( a + v )); done
  b="$(sql "$2" "SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches")"
  t="$(sql "$2" "SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers")"
  d="$(sql "$2" "SELECT coalesce(sum(delta), 0) FROM pgbench_history")"
  if [ "$a" = "$b" ] && [ "$b" = "$t" ] && [ "$t" = "$d" ]; then
    echo "equal: sum(abalance) = sum(bbalance) = sum(tbalance) = sum(delta) = $a"
  else
    echo "MISMATCH: sum(abalance) $a, sum(bbalance) $b, sum(tbalance) $t, sum(delta) $d"
  fi
}
prepared_left() {   # port: prepared transactions left on a node
  sql "$1" "SELECT count(*) FROM pg_prepared_xacts"
}
for mode in "${TPCB_MODES[@]}"; do
  for t in "${TARGETS[@]}"; do
    [ -n "${SKIP[$t]:-}" ] && continue
    measure_tpcb "$t" "$mode"
  done
done
BAL_D="$(balance_check "$PORT_D" "$PORT_D")"
BAL_SG="$(balance_check "$PORT_A $PORT_B" "$PORT_A")"
PREP_SG="$(( $(prepared_left "$PORT_A") + $(prepared_left "$PORT_B") ))"
log "balances on D: $BAL_D; on A/B: $BAL_SG; prepared transactions left on A/B: $PREP_SG"

# Stop the router now, so that what it writes while shutting down is in its log before the report reads it.
ROUTER_EXIT=""
if [ -n "$ROUTER_PID" ] && kill -0 "$ROUTER_PID" 2>/dev/null; then
  stop_pid "$ROUTER_PID" 10
  wait "$ROUTER_PID" 2>/dev/null && ROUTER_EXIT=0 || ROUTER_EXIT=$?
  ROUTER_PID=""
fi

# ---------------------------------------------------------------------------------------------
# Report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
ms() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.3f", v / 1000 }'; }
num0() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.0f", v }'; }
added_us() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%+.0f", (a - b) * 1000 }'; }
cell() {   # target mode clients: "fails" / "not run" or nothing
  if [ -n "${SKIP[$1]:-}" ]; then echo "not run"
  elif [ -n "${ERR[$1/$2/$3]:-}" ]; then echo "fails"
  fi
}

java_version="$(java -version 2>&1 | head -1)"
pg_version="$("$BINDIR/postgres" --version)"
pgbench_version="$("$PGBENCH" --version)"
bouncer_version="$( [ -n "$PGBOUNCER" ] && "$PGBOUNCER" --version 2>/dev/null | head -1 || echo "not installed")"
mem="$(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
cpu="$(lscpu 2>/dev/null | sed -nE 's/^Model name: *//p' | head -1)"
if [ -n "${SHARDGATE_REV:-}" ]; then
  shardgate_built="commit $(git -C "$root" rev-parse --short "$SHARDGATE_REV" 2>/dev/null) (\`SHARDGATE_REV=$SHARDGATE_REV\`, built from a clean export)"
else
  git_dirty="$(git -C "$root" status --porcelain 2>/dev/null | grep -cvE '^.. (bench/|docs/benchmarks\.md)' || true)"
  shardgate_built="working tree at commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ "$git_dirty" -gt 0 ] && echo ", with uncommitted changes in $git_dirty files/folders" || true)"
fi

md="$results/latest.md"
{
  echo "$SECTION"
  echo
  echo "Generated by \`bench/pgbench/run.sh\` (started $started_at): every number below is what that one run measured."
  echo "The machine is shared and noisy and pgbench, PostgreSQL, PgBouncer and the router all share its cores, so"
  echo "absolute numbers move from run to run; compare targets only within one run (the ratios are from this run)."
  echo
  echo "### Machine"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| CPUs (\`nproc\`) | $(nproc)${cpu:+ ($cpu)} |"
  echo "| memory | ${mem:-unknown} |"
  echo "| kernel | $(uname -r) |"
  echo "| Java | $java_version |"
  echo "| PostgreSQL | $pg_version |"
  echo "| pgbench | $pgbench_version |"
  echo "| PgBouncer | $bouncer_version |"
  echo "| Shardgate | $shardgate_built |"
  echo "| router JVM options | \`${SHARDGATE_JAVA_OPTS:-(launcher defaults)}\` |"
  echo
  echo "### Setup"
  echo
  echo "- Three PostgreSQL servers on loopback (\`fsync=off\`, \`synchronous_commit=off\`, \`shared_buffers=128MB\`, \`max_connections=200\`)."
  echo "- **D** (direct): \`pgbench -i -s $SCALE\`, all $rows_d accounts."
  echo "- **A/B** (sharded): \`pgbench -i -s $SCALE\` on each, then each node deletes the \`pgbench_accounts\` rows whose"
  echo "  \`hashint8extended(aid, 0)\` lies outside its shards ($SHARDS shards, 0-$((half - 1)) on A, $half-$((SHARDS - 1)) on B):"
  echo "  A keeps $rows_a, B keeps $rows_b. \`pgbench_branches\`, \`pgbench_tellers\`, \`pgbench_history\` stay on A (home) only."
  echo "  Then \`VACUUM ANALYZE\`, \`shardgate provision\`, \`shardgate serve\`. A sanity check reads sampled aids through the router."
  echo "- **PgBouncer** -> D: \`pool_mode = transaction\`, \`default_pool_size = 20\`, \`auth_type = trust\`$( [ -n "$BOUNCER_HOW" ] && echo " (run $BOUNCER_HOW)")."
  echo "- Every measured run is preceded, per target and mode, by a ${WARMUP}s warm-up at \`-c 8\` (discarded), so the"
  echo "  router's JIT is warm. Order within a mode: \`-c 8\` then \`-c 1\`, targets interleaved direct, PgBouncer, Shardgate."
  echo "- TPS and mean latency are pgbench's own (\`tps = ... (without initial connection time)\`, \`latency average\`, which"
  echo "  pgbench derives from duration x clients / transactions). p99 comes from the per-transaction logs (\`-l\`, 3rd column)."
  echo "  One pgbench -S transaction is one \`SELECT abalance FROM pgbench_accounts WHERE aid = :aid\`."
  echo "- Proxy CPU per transaction: the PgBouncer or router process's user + system CPU time (all threads: for the JVM"
  echo "  also JIT and GC) during the run, from \`/proc/<pid>/stat\`, divided by the transactions; 10 ms tick resolution."
  echo
  echo "Shardgate config:"
  echo
  echo '```yaml'
  cat "$CONFIG"
  echo '```'
  echo
  echo "### Commands"
  echo
  echo "Ports are this run's temporary ones (D $PORT_D, PgBouncer $PORT_BOUNCER, Shardgate $PORT_ROUTER); \`<prefix>\` is a temp folder."
  echo
  echo '```sh'
  for c in "${CLIENTS[@]}"; do
    pgbench_cmd shardgate simple "$c" "<prefix>"
    printf 'pgbench %s\n' "${CMD[*]:1}" | sed -E "s/ -M simple / -M {simple,extended,prepared} /; s/-p $PORT_ROUTER /-p {$PORT_D,$PORT_BOUNCER,$PORT_ROUTER} /"
  done
  echo "# warm-up before each target and mode:"
  echo "pgbench -h 127.0.0.1 -p <port> -U postgres -n -S -T $WARMUP -c 8 -j 2 -M <mode> bench"
  echo '```'
  for mode in "${MODES[@]}"; do
    echo
    echo "### -M $mode"
    echo
    echo "| target | clients | TPS | mean latency (ms) | p99 latency (ms) | transactions | proxy CPU per transaction (µs) |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for c in "${CLIENTS[@]}"; do
      for t in "${TARGETS[@]}"; do
        k="$t/$mode/$c"
        st="$(cell "$t" "$mode" "$c")"
        if [ -n "$st" ]; then
          echo "| ${LABEL[$t]} | $c | $st | $st | $st | ${CNT[$k]:+${CNT[$k]} before the error} | |"
        else
          echo "| ${LABEL[$t]} | $c | $(num0 "${TPS[$k]}") | ${LAT[$k]} | $(ms "${P99[$k]}") | ${CNT[$k]} | ${CPU[$k]:--} |"
        fi
      done
    done
    echo
    echo "| TPS ratio | Shardgate/direct | PgBouncer/direct | Shardgate/PgBouncer |"
    echo "|---|---:|---:|---:|"
    for c in "${CLIENTS[@]}"; do
      echo "| -c $c | $(ratio "${TPS[shardgate/$mode/$c]:-}" "${TPS[direct/$mode/$c]:-}") | $(ratio "${TPS[pgbouncer/$mode/$c]:-}" "${TPS[direct/$mode/$c]:-}") | $(ratio "${TPS[shardgate/$mode/$c]:-}" "${TPS[pgbouncer/$mode/$c]:-}") |"
    done
    echo
    echo "Added mean latency per query at -c 1: Shardgate - direct = $(added_us "${LAT[shardgate/$mode/1]:-}" "${LAT[direct/$mode/1]:-}") µs;" \
      "PgBouncer - direct = $(added_us "${LAT[pgbouncer/$mode/1]:-}" "${LAT[direct/$mode/1]:-}") µs."
    fails=()
    for c in "${CLIENTS[@]}"; do
      for t in "${TARGETS[@]}"; do
        [ -n "${ERR[$t/$mode/$c]:-}" ] && fails+=("- ${LABEL[$t]}, -c $c: \`$(printf '%s' "${ERR[$t/$mode/$c]}" | tr '`' "'" | cut -c1-300)\`")
      done
    done
    if [ ${#fails[@]} -gt 0 ]; then
      echo
      echo "Failures:"
      echo
      printf '%s\n' "${fails[@]}"
    fi
  done
  echo
  echo "### Summary"
  echo
  echo "| mode | TPS -c 8 Shardgate/direct | PgBouncer/direct | Shardgate/PgBouncer | added latency -c 1 Shardgate - direct (µs) | PgBouncer - direct (µs) |"
  echo "|---|---:|---:|---:|---:|---:|"
  for mode in "${MODES[@]}"; do
    echo "| $mode | $(ratio "${TPS[shardgate/$mode/8]:-}" "${TPS[direct/$mode/8]:-}") | $(ratio "${TPS[pgbouncer/$mode/8]:-}" "${TPS[direct/$mode/8]:-}") | $(ratio "${TPS[shardgate/$mode/8]:-}" "${TPS[pgbouncer/$mode/8]:-}") | $(added_us "${LAT[shardgate/$mode/1]:-}" "${LAT[direct/$mode/1]:-}") | $(added_us "${LAT[pgbouncer/$mode/1]:-}" "${LAT[direct/$mode/1]:-}") |"
  done
  echo
  echo "n/a: a side of the ratio failed or was not run."
  echo
  echo "### TPC-B-like (pgbench -b tpcb-like, -c 8 -j 2)"
  echo
  echo "Run after the select-only runs above, on the same servers. Each transaction updates one account (Shardgate:"
  echo "on its shard's node A or B), one teller and one branch and inserts a history row (Shardgate: on home node A),"
  echo "so about half of Shardgate's transactions write on two nodes and commit with two-phase commit"
  echo "(PREPARE TRANSACTION on B, the commit record in A's own transaction, COMMIT PREPARED; docs/adr/0005)."
  echo "Scale $SCALE gives $SCALE branches: the 8 clients contend on the branch rows, as TPC-B intends."
  echo
  echo "| target | mode | TPS | mean latency (ms) | transactions | TPS / direct |"
  echo "|---|---|---:|---:|---:|---:|"
  for mode in "${TPCB_MODES[@]}"; do
    for t in "${TARGETS[@]}"; do
      k="$t/$mode"
      if [ -n "${SKIP[$t]:-}" ]; then
        echo "| ${LABEL[$t]} | $mode | not run | | | |"
      elif [ -n "${BERR[$k]:-}" ]; then
        echo "| ${LABEL[$t]} | $mode | fails | | ${BCNT[$k]:-} | \`$(printf '%s' "${BERR[$k]}" | tr '`|' "' " | cut -c1-120)\` |"
      else
        echo "| ${LABEL[$t]} | $mode | $(num0 "${BTPS[$k]}") | ${BLAT[$k]} | ${BCNT[$k]} | $(ratio "${BTPS[$k]}" "${BTPS[direct/$mode]:-}") |"
      fi
    done
  done
  echo
  echo "Balance check after all TPC-B runs (every run adds to the same balances): D (direct and PgBouncer): $BAL_D."
  echo "A/B (Shardgate; accounts summed over both nodes): $BAL_SG. Prepared transactions left on A and B: $PREP_SG."
  echo
  echo "Reading it:"
  echo
  echo "- Added latency at \`-c 1\` is the extra time per query a client waits for the proxy (one more loopback hop"
  echo "  plus, for Shardgate, parsing and routing); at \`-c 8\` pgbench, PostgreSQL and the proxy compete for $(nproc) cores,"
  echo "  so the proxy's CPU per transaction drives the TPS ratio."
  echo "- PgBouncer $( [ -n "$PGBOUNCER" ] && "$PGBOUNCER" --version 2>/dev/null | head -1 | awk '{print $2}') in transaction pooling does not follow prepared statements across server"
  echo "  connections, so \`-M prepared\` errors once a client's statement meets a server connection that lacks it or already"
  echo "  has it; a lone client (\`-c 1\`) usually gets the same server connection back, so it may pass."
  for t in "${!SKIP[@]}"; do echo; echo "${LABEL[$t]} was not run: ${SKIP[$t]}"; done
  for n in "${ROUTER_NOTES[@]}"; do echo; echo "Note: $n"; done
  router_lines="$(grep -cE 'ERROR|WARN|Exception' "$logs/router.log" 2>/dev/null || true)"
  echo
  echo "Router log (\`bench/pgbench/results/logs/router.log\`, the router's stdout and stderr, shutdown included;"
  echo "it was stopped with SIGTERM${ROUTER_EXIT:+ and exited with status $ROUTER_EXIT}): ${router_lines:-0} lines with ERROR, WARN or Exception."
  if [ "${router_lines:-0}" -gt 0 ]; then
    echo "Distinct ones (first 10), each with the first Shardgate frame of its stack trace:"
    echo
    echo '```'
    awk '/ERROR|WARN|Exception/ { print; want = 1; next } want && /at io\.shardgate\./ { print; want = 0 }' "$logs/router.log" |
      sed -E 's/^[0-9:., -]+//' | cut -c1-240 | awk '!seen[$0]++' | head -20
    echo '```'
  fi
} >"$md"
log "wrote $md"

# Put the section into docs/benchmarks.md: replace it when present (up to the next "## " heading outside code
# fences), else append it; other sections stay as they are.
if [ "$WRITE_DOCS" = 1 ]; then
  doc="$root/docs/benchmarks.md"
  mkdir -p "$root/docs"
  [ -f "$doc" ] || printf '# Benchmarks\n\nHow Shardgate performs, measured by scripts under `bench/`. Each section names the script that writes it.\n\n' >"$doc"
  awk -v heading="$SECTION" -v file="$md" '
    function emit(  line) { while ((getline line < file) > 0) print line; close(file); done = 1 }
    /^```/ { fence = !fence }
    !fence && $0 == heading { skipping = 1; emit(); next }
    skipping && !fence && /^## / { skipping = 0; print "" }
    skipping { next }
    { print }
    END { if (!done) { print ""; emit() } }
  ' "$doc" >"$work/benchmarks.md"
  # collapse runs of blank lines the splice may leave
  cat -s "$work/benchmarks.md" >"$doc"
  log "updated $doc"
fi
