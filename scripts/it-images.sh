#!/bin/sh
# Builds the local Docker images the systemd integration tests boot: Debian 12 (systemd 252)
# and Debian 13 (systemd 257, which has Type=notify-reload). No registry is needed: each image
# is a debootstrap of Debian's packages, imported into Docker. Images that exist are kept.
#   scripts/it-images.sh            build what is missing
#   scripts/it-images.sh --rebuild  build again
set -eu

mirror=${BATON_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${BATON_IT_CACHE:-/var/cache/baton-it}
packages=systemd,systemd-sysv,dbus,procps,util-linux,python3,curl,default-jre-headless,libjffi-jni

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi

build() { # build SUITE
    image=baton-it/$1:latest
    # an image is kept only if it was built with this package list (its label says which)
    if [ "${2:-}" != "--rebuild" ] && [ "$(docker image inspect -f '{{ index .Config.Labels "baton.packages" }}' \
        "$image" 2>/dev/null)" = "$packages" ]; then
        echo "it-images: $image exists" >&2
        return
    fi
    root=$cache/$1
    echo "it-images: debootstrap $1 into $root (a few minutes on a fresh machine)" >&2
    $sudo rm -rf "$root"
    $sudo mkdir -p "$cache"
    $sudo debootstrap --variant=minbase --include="$packages" "$1" "$root" "$mirror" >"$cache/$1.log" 2>&1 || {
        echo "it-images: debootstrap $1 failed; see $cache/$1.log" >&2
        tail -5 "$cache/$1.log" >&2
        exit 1
    }
    # a container boots systemd as PID 1; no getty, no network wait
    $sudo chroot "$root" systemctl mask getty@tty1.service console-getty.service systemd-networkd-wait-online.service \
        >/dev/null 2>&1 || true
    $sudo tar -C "$root" -c . | docker import --change 'CMD ["/lib/systemd/systemd"]' \
        --change "LABEL baton.packages=$packages" - "$image" >/dev/null
    $sudo rm -rf "$root"
    echo "it-images: built $image" >&2
}

build bookworm "${1:-}"
build trixie "${1:-}"
