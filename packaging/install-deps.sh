#!/usr/bin/env bash
# Installs every build, test and runtime dependency of LLM Workbench from Debian 12
# packages. Idempotent: packages already present are left alone, and apt is not touched
# at all when nothing is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libtorch-dev libopenblas0-openmp libgloo-dev
  libsentencepiece-dev sentencepiece
  libsqlite3-dev sqlite3
  nlohmann-json3-dev libcli11-dev libfmt-dev
  libcpp-httplib-dev libpcre2-dev libssl-dev
  libuchardet-dev libicu-dev libre2-dev libcld2-dev libzstd-dev libsnappy-dev zlib1g-dev libxxhash-dev zstd
  qt6-base-dev libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqcustomplot-dev libgl-dev qt6-svg-dev
  xvfb xauth
  python3 python3-torch python3-numpy python3-sentencepiece python3-regex python3-jinja2
  curl openssl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
