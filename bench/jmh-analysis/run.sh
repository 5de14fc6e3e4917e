#!/usr/bin/env bash
# Installs sql-parser, builds the JMH benchmark jar and runs it. Extra arguments go to JMH (e.g. a regexp, -prof gc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$root" && mvn -B -q -pl sql-parser -am install -DskipTests)
(cd "$here" && mvn -B -q package)
# 10 warm-up seconds: Calcite's generated parser is still being compiled for the first ~10 s (360 -> 180 us per join).
java -jar "$here/target/benchmarks.jar" -f 1 -wi 10 -i 5 -w 1s -r 1s -bm avgt -tu us "$@"
