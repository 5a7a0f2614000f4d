#!/bin/sh
# baton's zero-downtime benchmark: flips under load in every socket mode (listeners, reuseport,
# alternate behind a real nginx), the readiness kinds compared (http, exec, notify), and fault
# runs. Prints a table per run and writes results.json and one PNG plot per run.
#
#   scripts/bench.sh                      # the full run: 100 flips per mode (about 15 minutes)
#   scripts/bench.sh --flips 20 --readiness-flips 10 --fault-runs 2 --out /tmp/bench
#   scripts/bench.sh --only listeners,readiness-notify   # runs by name (see the table headers)
#   scripts/bench.sh --peers --scaling --out docs/bench/peers   # baton beside Server::Starter (ratios,
#                                         # flip-time targets) and with 1/10/100 listeners: about 7 minutes;
#                                         # writes peers.md, peers.png, output.txt (README "Performance")
#   scripts/bench.sh --output-cost [--mb 200] [--runs 3]   # what output.mode: pipe costs baton: CPU per MB
#                                         # of child output and RSS, beside inherit (docs/bench/output-cost.txt)
#
# Installs what it needs and the machine lacks (nginx, python3 and Server::Starter from Debian's
# packages, with sudo when not root), builds baton (launcher/target/baton) and the bench module, then runs.
# Load goes to loopback only, paced, and every run stops by itself.
set -eu
cd "$(dirname "$0")/.."

missing=""
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
command -v start_server >/dev/null 2>&1 || missing="$missing libserver-starter-perl"  # --peers: Server::Starter
command -v mvn >/dev/null 2>&1 || missing="$missing maven"
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jdk-headless"
if [ -n "$missing" ]; then
    echo "bench.sh: installing:$missing" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

echo "bench.sh: building baton and the benchmark" >&2
mvn -B -q -ntp package -DskipTests -pl bench -am

if [ "${1:-}" = "--output-cost" ]; then
    shift
    exec java -cp "bench/target/classes" dev.baton.bench.OutputCost "$@"
fi
exec java -Djava.awt.headless=true -cp "bench/target/classes:bench/target/lib/*" dev.baton.bench.Bench "$@"
