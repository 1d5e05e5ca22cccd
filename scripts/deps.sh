#!/usr/bin/env bash
# Installs the Debian 12 packages capiqa needs that are not installed yet (run as root).
# Usage: scripts/deps.sh [build|test|run]
set -euo pipefail

packages=(
    g++ cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-svg-dev libqt6svg6
    qt6-httpserver-dev qt6-charts-dev qtkeychain-qt6-dev libqt6sql6-sqlite
    libssl-dev openssl libgl-dev fonts-dejavu-core zlib1g-dev
)
case "${1:-build}" in
    run) packages+=(qt6-qpa-plugins qt6-wayland) ;;
    # The package test builds and unpacks the .deb (dpkg-dev: dpkg-shlibdeps); the installed-files
    # test validates the .desktop file, the AppStream metainfo and the man pages.
    test) packages+=(xauth xvfb dpkg-dev appstream desktop-file-utils man-db groff-base) ;;
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
