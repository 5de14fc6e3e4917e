#!/usr/bin/env bash
# Fan-out statements through the router (8 shards on 2 local PostgreSQL nodes) vs one PostgreSQL holding all rows.
# Arguments: rows (default 1000000), runs per statement (default 20). Prints a markdown table (copy into
# docs/benchmarks.md). Starts and removes its own throw-away PostgreSQL servers (as local-postgres does).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$root" && mvn -B -q -pl router,local-postgres -am install -DskipTests)
(cd "$here" && mvn -B -q package)
java -jar "$here/target/fanout-bench.jar" "$@"
