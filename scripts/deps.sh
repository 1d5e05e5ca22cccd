#!/usr/bin/env bash
# Installs the Debian 12 packages capiqa needs that are not installed yet (run as root).
# Usage: scripts/deps.sh [build|package|test|run]
set -euo pipefail

packages=(
    g++ cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-svg-dev libqt6svg6
    qt6-httpserver-dev qt6-charts-dev qtkeychain-qt6-dev libqt6sql6-sqlite
    libssl-dev openssl libgl-dev fonts-dejavu-core zlib1g-dev
)
# `cpack -G DEB` derives Depends with dpkg-shlibdeps (dpkg-dev), and CPack finds the binaries to
# give it with `file`, which minimal Debian images lack.
packaging=(dpkg-dev file)
case "${1:-build}" in
    build) ;;
    run) packages+=(qt6-qpa-plugins qt6-wayland) ;;
    package) packages+=("${packaging[@]}") ;;
    # The package test builds and unpacks the .deb; the installed-files test validates the
    # .desktop file, the AppStream metainfo and the man pages, and runs the bash completion.
    test) packages+=("${packaging[@]}" xauth xvfb appstream desktop-file-utils man-db groff-base bash) ;;
    *)
        echo "usage: $0 [build|package|test|run]" >&2
        exit 2
        ;;
esac

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if ((${#missing[@]})); then
    echo "capiqa: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
