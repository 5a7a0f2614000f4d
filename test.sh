#!/bin/sh
# Runs baton's whole test suite (unit + integration): `./test.sh`.
# First installs what the tests need and the machine lacks, from Debian's packages
# (with sudo when not root). Needs JDK 17+ and Maven already installed.
# Extra arguments are passed to Maven, e.g. ./test.sh -Dit.test=InplaceFlipIT
set -eu
cd "$(dirname "$0")"

missing=""
need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need python3 python3        # the integration tests' child app and terminal driver
need setpriv util-linux     # baton itself: pdeathsig and identity switching
need unshare util-linux     # PID 1 tests in a new pid namespace
need kill procps            # tests send signals by name
need tmux tmux              # a real terminal for the hangup test (TerminalHangupIT)
need script bsdutils        # a pty for baton upgrade's progress lines (UpgradeProgressIT)
need lintian lintian        # the .deb is checked as Debian would (DebPackageIT)
need zsh zsh                # the completions, typed into each shell (CompletionIT)
need fish fish
need mvn maven
need java openjdk-17-jdk-headless
need docker docker.io       # the systemd tests boot Debian containers
need dockerd docker.io
need debootstrap debootstrap  # ... built locally, from Debian's packages (scripts/it-images.sh)
[ -x /usr/sbin/nginx ] || need nginx nginx  # the benchmark soak's alternate mode: a real nginx in front
need ansible-playbook ansible  # the fleet rollout: the example role and playbooks, run (FleetRolloutIT)
need ansible-lint ansible-lint  # ... and linted as the role ships
need prometheus prometheus  # a real Prometheus scrapes baton through re-exec flips (MetricsIT)
need promtool prometheus    # ... and checks the metrics text (BatonMetricsTest)
need start_server libserver-starter-perl  # the benchmark's peer (BenchSoakIT's --peers check): Server::Starter
ls /usr/sbin/php-fpm* >/dev/null 2>&1 || missing="$missing php-fpm"  # the fastcgi check, against a real php-fpm

if [ -n "$missing" ]; then
    echo "test.sh: installing:$missing" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi

# a Docker daemon for the systemd tests: start one if none answers
if ! docker info >/dev/null 2>&1; then
    echo "test.sh: starting dockerd (log: /tmp/baton-dockerd.log)" >&2
    $sudo sh -c 'nohup dockerd >/tmp/baton-dockerd.log 2>&1 &'
    tries=0
    until docker info >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -gt 60 ]; then
            echo "test.sh: dockerd did not start; see /tmp/baton-dockerd.log" >&2
            tail -5 /tmp/baton-dockerd.log >&2 || true
            exit 1
        fi
        sleep 1
    done
fi

# Debian 12 and 13 images with systemd, built once and cached by Docker
scripts/it-images.sh

exec mvn -B -ntp verify "$@"
