#!/usr/bin/env bash
# Installs scatter-gather, builds the JMH benchmark jar and runs it: rows per second through the merge operators.
# Extra arguments go to JMH (e.g. a regexp, -prof gc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$root" && mvn -B -q -pl scatter-gather -am install -DskipTests)
(cd "$here" && mvn -B -q package)
java -jar "$here/target/benchmarks.jar" -f 1 -wi 5 -i 5 -w 1s -r 1s -bm thrpt -tu s "$@"
