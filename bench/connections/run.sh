#!/usr/bin/env bash
# Connection scale of Shardgate: how many clients the router holds and what they cost, with a small pool.
#   (a) IDLE_CLIENTS (10,000) idle client connections opened in batches by pgclients.py (raw v3 protocol,
#       Python standard library): the router's RSS and heap before and with all of them open, memory per
#       idle client, backend connections on the nodes, a psql query while they are open, then all closed
#       and the router checked again.
#   (b) BUSY_CLIENTS (1,000) clients running point SELECTs by key for BUSY_DURATION seconds (pgbench -S -M
#       prepared; pgclients.py busy when pgbench cannot open that many): TPS, errors, and the most backend
#       connections seen per node (pg_stat_activity sampled every second), which must stay within the pool.
# Nodes A and B hold pgbench_accounts in 8 shards by aid (the layout of bench/pgbench/run.sh); the router
# runs with pool {max_per_shard: 4, max_per_node: 20}. Writes bench/connections/results/latest.md and copies
# it into docs/benchmarks.md under "## Connection scale (10,000 idle, 1,000 busy clients)". Loopback only;
# every step is bounded in time; servers, router, clients and temp files are removed on exit, Ctrl-C included.
#
# Environment: IDLE_CLIENTS (10000), BATCH (connections opened at once, 500), BUSY_CLIENTS (1000),
# BUSY_DURATION (seconds, 15), BUSY_TOOL (pgbench | python, default pgbench with python as fallback),
# WARMUP (seconds of pgbench -c 8 before (a), 5), SCALE (pgbench scale, 10), WRITE_DOCS (1),
# SHARDGATE_JAVA_OPTS (router JVM options, read by the launcher), SHARDGATE_REV (build and measure that git
# revision from a temp export instead of the working tree).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
IDLE_CLIENTS="${IDLE_CLIENTS:-10000}"
BATCH="${BATCH:-500}"
BUSY_CLIENTS="${BUSY_CLIENTS:-1000}"
BUSY_DURATION="${BUSY_DURATION:-15}"
BUSY_TOOL="${BUSY_TOOL:-pgbench}"
WARMUP="${WARMUP:-5}"
SCALE="${SCALE:-10}"
WRITE_DOCS="${WRITE_DOCS:-1}"
SHARDS=8
MAX_PER_SHARD=4
MAX_PER_NODE=20
SECTION="## Connection scale (10,000 idle, 1,000 busy clients)"
for v in IDLE_CLIENTS BATCH BUSY_CLIENTS BUSY_DURATION WARMUP SCALE; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'" >&2; exit 2; }
done
(( IDLE_CLIENTS >= 1 && BATCH >= 1 && BUSY_CLIENTS >= 1 && BUSY_DURATION >= 1 && SCALE >= 1 )) ||
  { echo "IDLE_CLIENTS, BATCH, BUSY_CLIENTS, BUSY_DURATION and SCALE must be at least 1" >&2; exit 2; }
[[ "$BUSY_TOOL" == pgbench || "$BUSY_TOOL" == python ]] || { echo "BUSY_TOOL is pgbench or python" >&2; exit 2; }

results="$here/results"
logs="$results/logs"
work="$(mktemp -d "${TMPDIR:-/tmp}/shardgate-connections.XXXXXX")"
rm -rf "$logs"
mkdir -p "$logs"

exec 9>&2
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&9; }

# ---------------------------------------------------------------------------------------------
# File descriptors: the clients and the router each need one per connection. The router's JVM inherits
# this shell's limit (and raises its soft limit to the hard one itself).
FD_WANTED=65536
if ulimit -n "$FD_WANTED" 2>/dev/null; then
  FD_NOTE="\`ulimit -n $FD_WANTED\`"
else
  hard="$(ulimit -Hn)"
  [ "$hard" = unlimited ] && hard="$FD_WANTED"
  ulimit -n "$hard"
  FD_NOTE="\`ulimit -n $FD_WANTED\` refused (hard limit $hard, no CAP_SYS_RESOURCE), so \`ulimit -n $hard\`"
fi
FD_LIMIT="$(ulimit -n)"
log "open files limit $FD_LIMIT"
if (( FD_LIMIT < IDLE_CLIENTS + 1000 || FD_LIMIT < BUSY_CLIENTS + 1000 )); then
  log "the open files limit ($FD_LIMIT) is too low for $IDLE_CLIENTS idle / $BUSY_CLIENTS busy clients; raise the hard limit"
  exit 1
fi

# ---------------------------------------------------------------------------------------------
# Cleanup
CHILD=""
ROUTER_PID=""
CLIENT_PID=""
SAMPLER_PID=""
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
  stop_pid "$CLIENT_PID" 5
  stop_pid "$SAMPLER_PID" 3
  stop_pid "$ROUTER_PID" 10
  local d pid
  for d in "${NODE_DIRS[@]}"; do
    timeout 30 "${PGWRAP[@]}" "$BINDIR/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
    if [ -f "$d/postmaster.pid" ]; then
      pid="$(head -1 "$d/postmaster.pid" 2>/dev/null)"
      [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    fi
    [ -f "$d.log" ] && cp "$d.log" "$logs/postgres-$(basename "$d").log" 2>/dev/null
  done
  [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
  rm -rf "$work"
  [ "$rc" -ne 0 ] && log "stopped (exit $rc); logs kept in $logs"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

run_bounded() {   # seconds command...: in the background so that Ctrl-C reaches the trap at once
  local secs="$1" rc=0
  shift
  timeout -k 10 "$secs" "$@" &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

MAX_SECONDS=$(( 2400 + WARMUP + BUSY_DURATION + IDLE_CLIENTS / 10 ))
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$MAX_SECONDS" & sleeper=$!
  wait "$sleeper" && { echo "run.sh: whole-run limit of ${MAX_SECONDS}s reached, stopping" >&2; kill -TERM $$; }
) 2>/dev/null &
WATCHDOG_PID=$!

# ---------------------------------------------------------------------------------------------
# PostgreSQL binaries, ports, servers
if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/postgres" ]; then
  BINDIR="$(pg_config --bindir)"
else
  BINDIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
[ -n "$BINDIR" ] && [ -x "$BINDIR/initdb" ] && [ -x "$BINDIR/pgbench" ] ||
  { log "no PostgreSQL binaries (pg_config --bindir or /usr/lib/postgresql/*/bin)"; exit 1; }
PSQL="$BINDIR/psql"
PGBENCH="$BINDIR/pgbench"
PYTHON="$(command -v python3)" || { log "python3 is needed"; exit 1; }
JCMD="$(command -v jcmd || true)"

USED_PORTS=" "
port_in_use() {
  if command -v ss >/dev/null; then
    [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
free_port() {
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$(( 20000 + RANDOM % 12000 ))   # below the ephemeral range the clients' sockets draw from
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    port_in_use "$p" && continue
    USED_PORTS+="$p "
    printf -v "$1" '%s' "$p"
    return 0
  done
  log "no free port found"; return 1
}
wait_port() {
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
    "-c port=$2 -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB -c max_connections=200" \
    start >"$logs/pg_ctl-$1.log" 2>&1 || { log "starting node $1 failed"; tail -20 "$dir.log" >&2; return 1; }
}

sql() {   # port sql...
  local port="$1"
  shift
  run_bounded 600 "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d bench -At -c "$*"
}

log "work folder $work; logs in $logs; IDLE_CLIENTS=$IDLE_CLIENTS BUSY_CLIENTS=$BUSY_CLIENTS BUSY_DURATION=${BUSY_DURATION}s SCALE=$SCALE"
free_port PORT_A; free_port PORT_B; free_port PORT_ROUTER
log "starting PostgreSQL nodes A ($PORT_A), B ($PORT_B) from $BINDIR"
start_node a "$PORT_A"
start_node b "$PORT_B"
for p in "$PORT_A" "$PORT_B"; do
  run_bounded 60 "$PSQL" -X -q -h 127.0.0.1 -p "$p" -U postgres -d postgres -c "CREATE DATABASE bench" >/dev/null
done
for n in a b; do
  v="PORT_${n^^}"
  log "pgbench -i -s $SCALE on node ${n^^}"
  run_bounded 900 "$PGBENCH" -i -q -s "$SCALE" -h 127.0.0.1 -p "${!v}" -U postgres bench >"$logs/pgbench-init-$n.log" 2>&1 ||
    { log "pgbench -i on ${n^^} failed"; tail -20 "$logs/pgbench-init-$n.log" >&2; exit 1; }
done

# Shard i of N covers [-2^63 + floor(i*2^64/N), -2^63 + floor((i+1)*2^64/N)); shards 0..N/2-1 on A, the rest on B.
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
sql "$PORT_B" "DROP TABLE pgbench_branches, pgbench_tellers, pgbench_history"
for p in "$PORT_A" "$PORT_B"; do sql "$p" "VACUUM ANALYZE"; done
rows_a="$(sql "$PORT_A" "SELECT count(*) FROM pgbench_accounts")"
rows_b="$(sql "$PORT_B" "SELECT count(*) FROM pgbench_accounts")"
log "pgbench_accounts rows: A=$rows_a B=$rows_b"
[ $((rows_a + rows_b)) -eq $((SCALE * 100000)) ] || { log "A and B do not add up to $((SCALE * 100000)): the shard split is wrong"; exit 1; }

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
pool: {max_per_shard: $MAX_PER_SHARD, max_per_node: $MAX_PER_NODE}
EOF
cp "$CONFIG" "$logs/shardgate.yaml"

LAUNCHER="$root/shardgate"
if [ -n "${SHARDGATE_REV:-}" ]; then
  mkdir -p "$work/src"
  git -C "$root" archive "$SHARDGATE_REV" | tar -x -C "$work/src" || { log "cannot export revision $SHARDGATE_REV"; exit 1; }
  LAUNCHER="$work/src/shardgate"
fi
log "building Shardgate with the launcher (when sources changed)"
if ! run_bounded 1500 "$LAUNCHER" --version >"$logs/build.log" 2>&1; then
  log "build failed: $(sed 's/\x1b\[[0-9;]*m//g' "$logs/build.log" | grep -m1 -E '^\[ERROR\]' || tail -1 "$logs/build.log")"
  [ -z "${SHARDGATE_REV:-}" ] && log "(SHARDGATE_REV=HEAD measures the last commit instead of the working tree)"
  exit 1
fi
run_bounded 300 "$LAUNCHER" provision --config "$CONFIG" >"$logs/provision.log" 2>&1 ||
  { log "provision failed: $(grep -m1 -iE 'error|exception' "$logs/provision.log" || tail -1 "$logs/provision.log")"; exit 1; }
log "starting Shardgate on $PORT_ROUTER (log: $logs/router.log)"
"$LAUNCHER" serve --config "$CONFIG" >>"$logs/router.log" 2>&1 &
ROUTER_PID=$!   # the launcher execs java, so this is the JVM's pid
wait_port "$PORT_ROUTER" 120 "$ROUTER_PID" ||
  { log "router did not accept connections within 120 s: $(grep -m1 -iE 'error|exception' "$logs/router.log" || tail -1 "$logs/router.log")"; exit 1; }
ROUTER_FD_LIMIT="$(awk '/^Max open files/ {print $4 " (soft) / " $5 " (hard)"}' "/proc/$ROUTER_PID/limits" 2>/dev/null || echo unknown)"
log "router pid $ROUTER_PID, open files limit $ROUTER_FD_LIMIT"

router_psql() {   # seconds sql: through the router; prints the rows, or the error
  run_bounded "$1" "$PSQL" -X -h 127.0.0.1 -p "$PORT_ROUTER" -U postgres -d bench -At -v ON_ERROR_STOP=1 -c "$2" 2>&1
}
# healthy = a point SELECT (one shard) and a home-node query both answer correctly; sets HEALTH and HEALTH_MS
check_router() {
  local t0 t1 got1 got2 aid=$(( SCALE * 100000 / 2 + 17 ))
  t0="$(date +%s%N)"
  got1="$(PGCONNECT_TIMEOUT=20 router_psql 60 "SELECT aid FROM pgbench_accounts WHERE aid = $aid")" || true
  got2="$(PGCONNECT_TIMEOUT=20 router_psql 60 "SELECT count(*) FROM pgbench_branches")" || true
  t1="$(date +%s%N)"
  HEALTH_MS=$(( (t1 - t0) / 1000000 ))
  if [ "$got1" = "$aid" ] && [ "$got2" = "$SCALE" ]; then
    HEALTH="ok"
  else
    HEALTH="FAILED: point SELECT gave '$(printf '%s' "$got1" | tr '\n' ' ' | cut -c1-200)', home SELECT gave '$(printf '%s' "$got2" | tr '\n' ' ' | cut -c1-200)'"
  fi
}
check_router
[ "$HEALTH" = ok ] || { log "sanity check through the router failed: $HEALTH"; exit 1; }
log "router answers (point SELECT and home query)"

# ---------------------------------------------------------------------------------------------
# Probes
rss_kb() { ps -o rss= -p "$ROUTER_PID" 2>/dev/null | tr -d ' '; }
fds() { ls "/proc/$ROUTER_PID/fd" 2>/dev/null | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$ROUTER_PID/status" 2>/dev/null; }
heap_used_kb() {   # "gc" first forces a full GC (live set); prints KiB used of the Java heap, or nothing
  [ -n "$JCMD" ] || return 0
  [ "${1:-}" = gc ] && { run_bounded 120 "$JCMD" "$ROUTER_PID" GC.run >>"$logs/jcmd.log" 2>&1 || true; }
  run_bounded 60 "$JCMD" "$ROUTER_PID" GC.heap_info >"$work/heap.txt" 2>>"$logs/jcmd.log" || return 0
  cat "$work/heap.txt" >>"$logs/jcmd.log"
  awk '/heap/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); gsub(/[^0-9]/, "", v); print v; exit } }' "$work/heap.txt"
}
backends() {   # port: "shardgate-named total" client backends on the node, this query's own excluded
  run_bounded 20 "$PSQL" -X -h 127.0.0.1 -p "$1" -U postgres -d postgres -At -F ' ' -c \
    "SELECT count(*) FILTER (WHERE application_name = 'shardgate'), count(*) FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null || echo "? ?"
}
sessions() {   # port: backend sessions ever opened to database bench (pg_stat_database.sessions, PostgreSQL 14+)
  run_bounded 20 "$PSQL" -X -h 127.0.0.1 -p "$1" -U postgres -d postgres -At -c \
    "SELECT sessions FROM pg_stat_database WHERE datname = 'bench'" 2>/dev/null || true
}
declare -A M   # measurements: M[phase/what]
snapshot() {   # phase [gc]: router and node state
  local p="$1"
  M[$p/rss]="$(rss_kb)"
  M[$p/heap]="$(heap_used_kb)"
  M[$p/heap_gc]="$(heap_used_kb gc)"
  M[$p/rss_gc]="$(rss_kb)"
  M[$p/fds]="$(fds)"
  M[$p/threads]="$(threads)"
  read -r M[$p/a_named] M[$p/a_total] <<<"$(backends "$PORT_A")"
  read -r M[$p/b_named] M[$p/b_total] <<<"$(backends "$PORT_B")"
  M[$p/a_sessions]="$(sessions "$PORT_A")"
  M[$p/b_sessions]="$(sessions "$PORT_B")"
  log "$p: RSS ${M[$p/rss]} KiB (${M[$p/rss_gc]} after GC), heap used ${M[$p/heap]:-?} KiB (${M[$p/heap_gc]:-?} after GC), fds ${M[$p/fds]}, threads ${M[$p/threads]}, backends A ${M[$p/a_total]} B ${M[$p/b_total]}"
}
router_alive() { kill -0 "$ROUTER_PID" 2>/dev/null; }

started_at="$(date -u '+%Y-%m-%d %H:%M UTC')"
loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$WARMUP" -gt 0 ]; then
  log "warm-up: pgbench -S -M prepared -c 8 for ${WARMUP}s through the router"
  run_bounded $(( WARMUP + 60 )) "$PGBENCH" -h 127.0.0.1 -p "$PORT_ROUTER" -U postgres -n -S -T "$WARMUP" -c 8 -j 2 \
    -M prepared bench >"$logs/warmup.txt" 2>&1 || log "warm-up failed: $(tail -1 "$logs/warmup.txt")"
fi

# ---------------------------------------------------------------------------------------------
# (a) idle clients
snapshot before
ready="$work/idle.ready"
release="$work/idle.release"
idle_limit=$(( 120 + IDLE_CLIENTS / 20 ))   # opening plus holding
log "(a) opening $IDLE_CLIENTS idle connections in batches of $BATCH"
"$PYTHON" "$here/pgclients.py" idle --port "$PORT_ROUTER" --count "$IDLE_CLIENTS" --batch "$BATCH" \
  --ready-file "$ready" --release-file "$release" --hold-max "$idle_limit" --progress \
  >"$logs/idle-client.json" 2>"$logs/idle-client.err" &
CLIENT_PID=$!
for ((i = 0; i < idle_limit * 10; i++)); do
  [ -f "$ready" ] && break
  kill -0 "$CLIENT_PID" 2>/dev/null || break
  sleep 0.1
done
IDLE_OK=1
IDLE_PROBLEM=""
if [ ! -f "$ready" ]; then
  IDLE_OK=0
  IDLE_PROBLEM="the idle client did not report within ${idle_limit}s: $(tail -3 "$logs/idle-client.err" | tr '\n' ' ')"
  log "$IDLE_PROBLEM"
fi
jget() {   # file python-expression-on-d
  "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print("" if v is None else v)' "$1" "$2" 2>/dev/null || true
}
if [ "$IDLE_OK" = 1 ]; then
  cp "$ready" "$logs/idle-ready.json"
  IDLE_OPENED="$(jget "$ready" 'd["opened"]')"
  log "(a) $IDLE_OPENED open ($(jget "$ready" 'd["failed"]') failed) in $(jget "$ready" 'd["open_seconds"]') s"
  sleep 2   # let the last startups settle
  router_alive || { IDLE_PROBLEM="the router exited with the idle clients open"; log "$IDLE_PROBLEM"; }
  snapshot open
  M[open/client_fds]="$(ls "/proc/$CLIENT_PID/fd" 2>/dev/null | wc -l)"
  M[open/estab]="$(ss -Htn state established "( sport = :$PORT_ROUTER )" 2>/dev/null | wc -l)"
  check_router
  M[open/health]="$HEALTH"; M[open/health_ms]="$HEALTH_MS"
  log "(a) psql through the router with $IDLE_OPENED open: $HEALTH (${HEALTH_MS} ms for two psql runs)"
  [ -n "$JCMD" ] && run_bounded 120 "$JCMD" "$ROUTER_PID" GC.class_histogram >"$logs/class-histogram-open.txt" 2>&1 || true
fi
touch "$release"
for ((i = 0; i < 1200; i++)); do kill -0 "$CLIENT_PID" 2>/dev/null || break; sleep 0.1; done
stop_pid "$CLIENT_PID" 5
wait "$CLIENT_PID" 2>/dev/null || true
CLIENT_PID=""
if [ "$IDLE_OK" = 1 ] && [ -s "$logs/idle-client.json" ]; then
  log "(a) closed: $(jget "$logs/idle-client.json" 'd["still_open_at_release"]') were still open at release; sample SELECT 1 ok on $(jget "$logs/idle-client.json" 'd["sample_query"]["ok"]') of $(jget "$logs/idle-client.json" 'd["sample_query"]["connections"]')"
elif [ "$IDLE_OK" = 1 ]; then
  IDLE_PROBLEM+=" the idle client gave no final report: $(tail -3 "$logs/idle-client.err" | tr '\n' ' ')"
fi
sleep 3   # the router notices the closed sockets
snapshot closed
check_router
M[closed/health]="$HEALTH"; M[closed/health_ms]="$HEALTH_MS"
log "(a) after closing: router $HEALTH"

# ---------------------------------------------------------------------------------------------
# (b) busy clients
samples="$logs/busy-samples.txt"
over="$logs/over-limit.txt"
over_limit() {   # node port "named total": when over the pool limit, who the backends are (a second look, just after)
  local total="${3#* }"
  [[ "$total" =~ ^[0-9]+$ ]] && (( total > MAX_PER_NODE )) || return 0
  {
    echo "== $(date '+%H:%M:%S.%N' | cut -c1-12) node $1: $total client backends counted (limit $MAX_PER_NODE); a second look:"
    run_bounded 20 "$PSQL" -X -h 127.0.0.1 -p "$2" -U postgres -d postgres -c \
      "SELECT pid, backend_start, state, state_change, application_name, left(query, 60) AS query FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() ORDER BY backend_start" 2>&1
  } >>"$over"
}
sampler() {   # every second: time, backends on A (named total), on B, router RSS KiB, fds
  local a b next now
  next="$(date +%s.%N)"
  while :; do
    a="$(backends "$PORT_A")"; b="$(backends "$PORT_B")"
    echo "$(date +%s.%N | cut -c1-14) $a $b $(rss_kb) $(fds)" >>"$samples"
    over_limit A "$PORT_A" "$a"; over_limit B "$PORT_B" "$b"
    now="$(date +%s.%N)"
    next="$(awk -v n="$next" -v t="$now" 'BEGIN { n += 1; if (n < t) n = t; printf "%.3f", n }')"
    sleep "$(awk -v n="$next" -v t="$now" 'BEGIN { printf "%.3f", n - t }')"
  done
}
BUSY_USED=""
BUSY_FALLBACK_WHY=""
busy_pgbench() {
  BUSY_CMD=("$PGBENCH" -h 127.0.0.1 -p "$PORT_ROUTER" -U postgres -c "$BUSY_CLIENTS" -j 2 -S -n -T "$BUSY_DURATION" -M prepared bench)
  log "(b) ${BUSY_CMD[*]}"
  BUSY_RC=0
  run_bounded $(( BUSY_DURATION + 240 )) "${BUSY_CMD[@]}" >"$logs/busy-pgbench.txt" 2>&1 || BUSY_RC=$?
  local out="$logs/busy-pgbench.txt"
  B_TPS="$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$out" | head -1)"
  B_TX="$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$out" | head -1)"
  B_FAILED="$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$out" | head -1)"
  B_LAT="$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' "$out" | head -1)"
  B_CONNMS="$(sed -nE 's/^initial connection time = ([0-9.]+) ms.*/\1/p' "$out" | head -1)"
  B_ABORTED="$(grep -cE 'client [0-9]+ aborted' "$out" || true)"
  B_ERRLINES="$(grep -E 'error|ERROR|FATAL|aborted' "$out" | sed -E 's/client [0-9]+/client N/g; s/aid = [0-9]+/aid = K/g' | sort | uniq -c | sort -rn | head -8 || true)"
  B_CONNECTED="$BUSY_CLIENTS"
}
busy_python() {
  BUSY_CMD=("$PYTHON" "$here/pgclients.py" busy --port "$PORT_ROUTER" --count "$BUSY_CLIENTS" --duration "$BUSY_DURATION" --keys $(( SCALE * 100000 )))
  log "(b) python3 bench/connections/pgclients.py busy --count $BUSY_CLIENTS --duration $BUSY_DURATION"
  BUSY_RC=0
  run_bounded $(( BUSY_DURATION + 300 )) "${BUSY_CMD[@]}" >"$logs/busy-python.json" 2>"$logs/busy-python.err" || BUSY_RC=$?
  local f="$logs/busy-python.json"
  B_TPS="$(jget "$f" 'd["tps"]')"; B_TX="$(jget "$f" 'd["transactions"]')"; B_FAILED="$(jget "$f" 'd["errors"]')"
  B_LAT=""; B_CONNMS="$(jget "$f" 'round(d["connect_seconds"] * 1000)')"; B_ABORTED=""
  B_CONNECTED="$(jget "$f" 'd["connected"]')"
  B_ERRLINES="$(jget "$f" '"\n".join(f"{n} {k}" for k, n in list(d["error_kinds"].items()) + list(d["connect_failures"].items()))')"
}
: >"$samples"
sampler &
SAMPLER_PID=$!
B_SESS_A0="$(sessions "$PORT_A")"; B_SESS_B0="$(sessions "$PORT_B")"
cpu_ticks() { [ -r "/proc/$ROUTER_PID/stat" ] && sed -E 's/^.*\) //' "/proc/$ROUTER_PID/stat" | awk '{print $12 + $13}' || true; }
B_CPU0="$(cpu_ticks)"
busy_t0="$(date +%s.%N)"
if [ "$BUSY_TOOL" = pgbench ]; then
  busy_pgbench
  BUSY_USED=pgbench
  if [ -z "$B_TPS" ] && grep -qiE 'could not create connection|connection to server .* failed|too many (client|open)' "$logs/busy-pgbench.txt"; then
    BUSY_FALLBACK_WHY="pgbench could not open $BUSY_CLIENTS connections: $(grep -m1 -iE 'could not|failed|too many' "$logs/busy-pgbench.txt")"
    log "$BUSY_FALLBACK_WHY; using the Python client"
    BUSY_TOOL=python
  fi
fi
if [ "$BUSY_TOOL" = python ]; then
  busy_python
  BUSY_USED=python
fi
busy_t1="$(date +%s.%N)"
B_CPU1="$(cpu_ticks)"
sleep 1   # the nodes publish session counts at most once a second
B_SESS_A1="$(sessions "$PORT_A")"; B_SESS_B1="$(sessions "$PORT_B")"
stop_pid "$SAMPLER_PID" 3
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
log "(b) tps ${B_TPS:-n/a}, transactions ${B_TX:-n/a}, failed ${B_FAILED:-n/a}, aborted clients ${B_ABORTED:-n/a} (exit $BUSY_RC)"
# the most backends seen per node, and the most router RSS / fds, over the samples taken during the run
read -r S_N S_A_NAMED S_A_TOTAL S_B_NAMED S_B_TOTAL S_RSS S_FDS <<<"$(awk '
  $2 ~ /^[0-9]+$/ { n++; if ($2 > an) an = $2; if ($3 > at) at = $3; if ($4 > bn) bn = $4; if ($5 > bt) bt = $5;
                    if ($6 > r) r = $6; if ($7 > f) f = $7 }
  END { print n + 0, an + 0, at + 0, bn + 0, bt + 0, r + 0, f + 0 }' "$samples")"
POOL_OK=yes
(( S_A_TOTAL <= MAX_PER_NODE && S_B_TOTAL <= MAX_PER_NODE )) || POOL_OK=no
log "(b) max backends seen: A $S_A_TOTAL, B $S_B_TOTAL (limit $MAX_PER_NODE per node) over $S_N samples: within the pool: $POOL_OK"
router_alive || log "the router exited during (b)"
sleep 2
snapshot busy_after
check_router
M[busy_after/health]="$HEALTH"; M[busy_after/health_ms]="$HEALTH_MS"
log "(b) after the run: router $HEALTH"

# Stop the router so that what it writes on shutdown is in its log.
ROUTER_EXIT=""
if router_alive; then
  stop_pid "$ROUTER_PID" 10
  wait "$ROUTER_PID" 2>/dev/null && ROUTER_EXIT=0 || ROUTER_EXIT=$?
else
  wait "$ROUTER_PID" 2>/dev/null && ROUTER_EXIT="0 (before the end of the run)" || ROUTER_EXIT="$? (before the end of the run)"
fi
ROUTER_PID=""

# ---------------------------------------------------------------------------------------------
# Report
num() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.0f", v }'; }
mib() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.1f", v / 1024 }'; }
delta() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%d", a - b }'; }
per_client() {   # kib_after kib_before clients: bytes per client
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "" || b == "" || n + 0 == 0) print "n/a"; else printf "%.0f", (a - b) * 1024 / n }'
}
idle_f="$logs/idle-client.json"
if [ -s "$idle_f" ]; then
  I_OPENED="$(jget "$idle_f" 'd["opened"]')"; I_FAILED="$(jget "$idle_f" 'd["failed"]')"
  I_FAILURES="$(jget "$idle_f" '"; ".join(f"{n} x {k}" for k, n in d["failures"].items())')"
  I_SECS="$(jget "$idle_f" 'd["open_seconds"]')"
  I_P50="$(jget "$idle_f" 'd["startup_ms_p50"]')"; I_P99="$(jget "$idle_f" 'd["startup_ms_p99"]')"; I_MAX="$(jget "$idle_f" 'd["startup_ms_max"]')"
  I_ALIVE="$(jget "$idle_f" 'd["still_open_at_release"]')"
  I_PROBLEMS="$(jget "$idle_f" '"; ".join(f"{n} x {k}" for k, n in d["idle_problems"].items())')"
  I_HELD="$(jget "$idle_f" 'd["held_seconds"]')"
  I_SAMPLE_N="$(jget "$idle_f" 'd["sample_query"]["connections"]')"; I_SAMPLE_OK="$(jget "$idle_f" 'd["sample_query"]["ok"]')"
  I_SAMPLE_FAIL="$(jget "$idle_f" '"; ".join(f"{n} x {k}" for k, n in d["sample_query"]["failures"].items())')"
  I_SAMPLE_S="$(jget "$idle_f" 'd["sample_query"]["seconds"]')"
  I_CLOSE_S="$(jget "$idle_f" 'd["close_seconds"]')"
elif [ -s "$logs/idle-ready.json" ]; then
  I_OPENED="$(jget "$logs/idle-ready.json" 'd["opened"]')"; I_FAILED="$(jget "$logs/idle-ready.json" 'd["failed"]')"
fi
I_OPENED="${I_OPENED:-0}"
rate="$(awk -v n="$I_OPENED" -v s="${I_SECS:-}" 'BEGIN { if (s == "" || s + 0 == 0) print "n/a"; else printf "%.0f", n / s }')"

java_version="$(java -version 2>&1 | head -1)"
pg_version="$("$BINDIR/postgres" --version)"
mem="$(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
cpu="$(lscpu 2>/dev/null | sed -nE 's/^Model name: *//p' | head -1)"
gc_name="$(grep -m1 -oE '(garbage-first|Shenandoah|ZHeap|PSYoungGen|def new generation)' "$logs/jcmd.log" 2>/dev/null || true)"
if [ -n "${SHARDGATE_REV:-}" ]; then
  shardgate_built="commit $(git -C "$root" rev-parse --short "$SHARDGATE_REV" 2>/dev/null) (\`SHARDGATE_REV=$SHARDGATE_REV\`, built from a clean export)"
else
  git_dirty="$(git -C "$root" status --porcelain 2>/dev/null | grep -cvE '^.. (bench/|docs/benchmarks\.md)' || true)"
  shardgate_built="working tree at commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ "$git_dirty" -gt 0 ] && echo ", with uncommitted changes in $git_dirty files/folders" || true)"
fi
row() {   # label phase
  local p="$2"
  echo "| $1 | $(mib "${M[$p/rss]:-}") | $(mib "${M[$p/rss_gc]:-}") | $(mib "${M[$p/heap]:-}") | $(mib "${M[$p/heap_gc]:-}") | ${M[$p/fds]:-n/a} | ${M[$p/threads]:-n/a} | ${M[$p/a_total]:-n/a} (${M[$p/a_named]:-n/a}) | ${M[$p/b_total]:-n/a} (${M[$p/b_named]:-n/a}) |"
}

md="$results/latest.md"
{
  echo "$SECTION"
  echo
  echo "Generated by \`bench/connections/run.sh\` (started $started_at): every number below is what that one run measured."
  echo "The machine is shared and noisy (load average at the start: $loadavg_start); the clients, PostgreSQL and the"
  echo "router share its cores, so absolute numbers move from run to run."
  echo
  echo "### Machine"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| CPUs (\`nproc\`) | $(nproc)${cpu:+ ($cpu)} |"
  echo "| memory | ${mem:-unknown} |"
  echo "| kernel | $(uname -r) |"
  echo "| Java | $java_version${gc_name:+ ($gc_name heap)} |"
  echo "| PostgreSQL | $pg_version |"
  echo "| Python (clients) | $("$PYTHON" --version 2>&1) |"
  echo "| open files | $FD_NOTE; the router's JVM: $ROUTER_FD_LIMIT |"
  echo "| Shardgate | $shardgate_built |"
  echo "| router JVM options | \`${SHARDGATE_JAVA_OPTS:-(launcher defaults)}\` |"
  echo
  echo "### Setup"
  echo
  echo "- Two PostgreSQL servers on loopback (\`fsync=off\`, \`shared_buffers=128MB\`, \`max_connections=200\`), each loaded with"
  echo "  \`pgbench -i -s $SCALE\`, then each keeps only the \`pgbench_accounts\` rows of its shards ($SHARDS shards by \`aid\`,"
  echo "  0-$((half - 1)) on A: $rows_a rows, $half-$((SHARDS - 1)) on B: $rows_b rows); the other pgbench tables on A (home) only."
  echo "  Then \`shardgate provision\` and \`shardgate serve\` with the config below: at most $MAX_PER_SHARD backend connections"
  echo "  per shard schema (and for the home node's own key) and $MAX_PER_NODE per node, transaction pooling."
  echo "- Before (a), a ${WARMUP}s warm-up (\`pgbench -S -M prepared -c 8\`) through the router, so its code is loaded and JIT-compiled."
  echo "- Memory: RSS from \`ps -o rss= -p PID\`; Java heap used from \`jcmd PID GC.heap_info\`, as found and again right"
  echo "  after \`jcmd PID GC.run\` (a full GC: what stays is live data). Memory per idle client = (value with the clients"
  echo "  open - value before) / clients open."
  echo "- Backend connections: \`SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'\` on each node,"
  echo "  the counting query's own excluded. In brackets the ones with \`application_name = 'shardgate'\`, the name the router"
  echo "  gives its connections; a client's own \`application_name\` (pgbench, psql) is replayed as a SET on the backend"
  echo "  connection it uses, so during (b) the bracketed count undercounts and the total is the one checked against the pool."
  echo
  echo "Shardgate config:"
  echo
  echo '```yaml'
  cat "$CONFIG"
  echo '```'
  echo
  echo "### Commands"
  echo
  echo "Ports are this run's temporary ones (A $PORT_A, B $PORT_B, Shardgate $PORT_ROUTER)."
  echo
  echo '```sh'
  echo "ulimit -n $FD_LIMIT   # in the shell that starts the router and the clients"
  echo "./shardgate serve --config shardgate.yaml"
  echo "# (a) $IDLE_CLIENTS idle clients, opened $BATCH at a time, held until released"
  echo "python3 bench/connections/pgclients.py idle --port $PORT_ROUTER --count $IDLE_CLIENTS --batch $BATCH --ready-file F --release-file G --hold-max $idle_limit"
  echo "ps -o rss= -p \$ROUTER_PID; jcmd \$ROUTER_PID GC.heap_info; jcmd \$ROUTER_PID GC.run; jcmd \$ROUTER_PID GC.heap_info"
  echo "psql -h 127.0.0.1 -p $PORT_ROUTER -U postgres -d bench -c 'SELECT aid FROM pgbench_accounts WHERE aid = $(( SCALE * 100000 / 2 + 17 ))'"
  echo "psql -h 127.0.0.1 -p $PORT_ROUTER -U postgres -d bench -c 'SELECT count(*) FROM pgbench_branches'"
  echo "# on each node, every second during (b), and at each snapshot"
  echo "psql -h 127.0.0.1 -p {$PORT_A,$PORT_B} -U postgres -d postgres -c \"SELECT count(*) FILTER (WHERE application_name = 'shardgate'), count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()\""
  echo "# (b) $BUSY_CLIENTS busy clients"
  if [ "$BUSY_USED" = pgbench ]; then
    echo "pgbench -h 127.0.0.1 -p $PORT_ROUTER -U postgres -c $BUSY_CLIENTS -j 2 -S -n -T $BUSY_DURATION -M prepared bench"
  else
    echo "python3 bench/connections/pgclients.py busy --port $PORT_ROUTER --count $BUSY_CLIENTS --duration $BUSY_DURATION --keys $(( SCALE * 100000 ))"
  fi
  echo '```'
  echo
  echo "### (a) $IDLE_CLIENTS idle clients"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| connections opened | $I_OPENED of $IDLE_CLIENTS (${I_FAILED:-n/a} failed${I_FAILURES:+: $I_FAILURES}) |"
  echo "| time to open them | ${I_SECS:-n/a} s ($rate connections/s; startup to ReadyForQuery p50 ${I_P50:-n/a} ms, p99 ${I_P99:-n/a} ms, max ${I_MAX:-n/a} ms) |"
  echo "| established sockets on the router port while open | ${M[open/estab]:-n/a} |"
  echo "| still open when released (after ${I_HELD:-n/a} s held) | ${I_ALIVE:-n/a}${I_PROBLEMS:+ ($I_PROBLEMS)} |"
  echo "| psql through the router with them open | ${M[open/health]:-not run} (point SELECT + home SELECT, two psql runs: ${M[open/health_ms]:-n/a} ms) |"
  echo "| \`SELECT 1\` on every 100th held connection | ${I_SAMPLE_OK:-n/a} of ${I_SAMPLE_N:-n/a} ok in ${I_SAMPLE_S:-n/a} s${I_SAMPLE_FAIL:+ ($I_SAMPLE_FAIL)} |"
  echo "| backend connections opened while they connected (\`pg_stat_database.sessions\`, before -> open) | A $(delta "${M[open/a_sessions]:-}" "${M[before/a_sessions]:-}"), B $(delta "${M[open/b_sessions]:-}" "${M[before/b_sessions]:-}") |"
  echo "| closing them all | ${I_CLOSE_S:-n/a} s; then psql through the router: ${M[closed/health]:-n/a} |"
  echo "| **RSS per idle client** | **$(per_client "${M[open/rss_gc]:-}" "${M[before/rss_gc]:-}" "$I_OPENED") bytes** measured right after a full GC in both states (as found, before the GC: $(per_client "${M[open/rss]:-}" "${M[before/rss]:-}" "$I_OPENED") bytes, dominated by how much garbage each state happened to hold) |"
  echo "| **Java heap per idle client** | **$(per_client "${M[open/heap_gc]:-}" "${M[before/heap_gc]:-}" "$I_OPENED") bytes** live after a full GC (as found: $(per_client "${M[open/heap]:-}" "${M[before/heap]:-}" "$I_OPENED") bytes) |"
  echo
  echo "| router state | RSS (MiB) | RSS after GC (MiB) | heap used (MiB) | heap used after GC (MiB) | fds | threads | backends on A (shardgate-named) | backends on B (shardgate-named) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  row "before (after warm-up)" before
  row "$I_OPENED idle clients open" open
  row "after closing them" closed
  row "after (b)" busy_after
  echo
  echo "The live heap after a full GC is the steady figure. RSS also moves with how much heap G1 keeps committed and"
  echo "touched after each GC (it grows and shrinks the heap by its own rules), so RSS per client is the rougher one; the"
  echo "RSS "as found" mostly shows how much garbage each state happened to hold."
  if [ -s "$logs/class-histogram-open.txt" ]; then
    echo
    echo "Largest heap classes with the idle clients open (\`jcmd PID GC.class_histogram\`, top 8):"
    echo
    echo '```'
    awk 'NR > 1 && $1 ~ /^[0-9]+:$/ && n < 8 { printf "%-10s %12s %14s  %s\n", $1, $2, $3, $4; n++ } /num +#instances/ { print "   #          instances          bytes  class" }' "$logs/class-histogram-open.txt"
    echo '```'
  fi
  [ -n "$IDLE_PROBLEM" ] && { echo; echo "Problem: $IDLE_PROBLEM"; }
  echo
  echo "### (b) $BUSY_CLIENTS busy clients, point SELECTs for ${BUSY_DURATION} s"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| client | $( [ "$BUSY_USED" = pgbench ] && echo "pgbench -S -M prepared, -j 2" || echo "pgclients.py busy (asyncio, simple protocol)")${BUSY_FALLBACK_WHY:+ (pgbench: $BUSY_FALLBACK_WHY)} |"
  echo "| clients connected | ${B_CONNECTED:-n/a} of $BUSY_CLIENTS$( [ -n "${B_CONNMS:-}" ] && echo " (initial connection time $(num "$B_CONNMS") ms)") |"
  echo "| **TPS** | **$(num "${B_TPS:-}")** |"
  echo "| transactions | ${B_TX:-n/a} |"
  echo "| mean latency | $( [ -n "${B_LAT:-}" ] && echo "$B_LAT ms (pgbench's: duration x clients / transactions)" || echo n/a) |"
  echo "| router CPU (user + system, all threads, from \`/proc/PID/stat\`) | $(awk -v a="$B_CPU1" -v b="$B_CPU0" -v hz="$(getconf CLK_TCK)" -v n="${B_TX:-}" -v s="$(awk -v a="$busy_t1" -v b="$busy_t0" 'BEGIN { print a - b }')" 'BEGIN { if (a == "" || b == "") print "n/a"; else { c = (a - b) / hz; printf "%.1f s over %.1f s of wall time (%.0f%% of one core)", c, s, 100 * c / s; if (n + 0 > 0) printf "; %.0f µs per transaction", c * 1e6 / n } }') |"
  echo "| **errors** | **failed transactions ${B_FAILED:-n/a}, aborted clients ${B_ABORTED:-n/a}**, exit status $BUSY_RC |"
  echo "| **most backend connections seen, node A** | **$S_A_TOTAL** (shardgate-named $S_A_NAMED); limit $MAX_PER_NODE |"
  echo "| **most backend connections seen, node B** | **$S_B_TOTAL** (shardgate-named $S_B_NAMED); limit $MAX_PER_NODE |"
  echo "| within the pool limit | $POOL_OK ($S_N samples, one a second, from the start of the connection phase to the end) |"
  echo "| backend connections opened during the run (\`pg_stat_database.sessions\`) | A $(delta "$B_SESS_A1" "$B_SESS_A0"), B $(delta "$B_SESS_B1" "$B_SESS_B0") (the pool opens a connection when none is idle, and closes an idle one when a client waits for another shard of the same node) |"
  echo "| router RSS / fds, most seen during the run | $(mib "$S_RSS") MiB / $S_FDS |"
  echo "| router after the run | ${M[busy_after/health]:-n/a} |"
  if [ -s "$over" ]; then
    echo
    echo "Samples over the limit (\`results/logs/over-limit.txt\` has the node's client backends listed right after each):"
    echo
    echo '\`\`\`'
    awk '$1 == "ts" { next } $2 ~ /^[0-9]+$/ && ($3 > m || $5 > m) { printf "%s  A %s backends (shardgate-named %s), B %s (shardgate-named %s)\n", strftime("%H:%M:%S", int($1)), $3, $2, $5, $4 }' m="$MAX_PER_NODE" "$samples"
    echo '\`\`\`'
  fi
  if [ -n "${B_ERRLINES:-}" ]; then
    echo
    echo "Error lines from the client (counted, client numbers and keys replaced):"
    echo
    echo '```'
    printf '%s\n' "$B_ERRLINES" | cut -c1-240
    echo '```'
  fi
  router_lines="$(grep -cE 'ERROR|WARN|Exception|Too many open files' "$logs/router.log" 2>/dev/null || true)"
  echo
  echo "Router log (\`bench/connections/results/logs/router.log\`; the router was stopped with SIGTERM at the end"
  echo "${ROUTER_EXIT:+and exited with status $ROUTER_EXIT}): ${router_lines:-0} lines with ERROR, WARN, Exception or \"Too many open files\"."
  if [ "${router_lines:-0}" -gt 0 ]; then
    echo "Distinct ones (first 10), each with the first Shardgate frame of its stack trace:"
    echo
    echo '```'
    awk '/ERROR|WARN|Exception|Too many open files/ { print; want = 1; next } want && /at io\.shardgate\./ { print; want = 0 }' "$logs/router.log" |
      sed -E 's/^[0-9:., -]+//' | cut -c1-240 | awk '!seen[$0]++' | head -20
    echo '```'
  fi
} >"$md"
log "wrote $md"

if [ "$WRITE_DOCS" = 1 ] && { [ "$IDLE_CLIENTS" != 10000 ] || [ "$BUSY_CLIENTS" != 1000 ]; }; then
  log "not updating docs/benchmarks.md: its section is for 10000 idle / 1000 busy clients (results in $md)"
  WRITE_DOCS=0
fi
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
  cat -s "$work/benchmarks.md" >"$doc"
  log "updated $doc"
fi
