#!/usr/bin/env bash
# Checks docker-compose.yml with a real Compose parser: Debian's docker-compose, installed with apt-get
# when missing (as root). Prints nothing and exits 0 when the file is valid.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "validate-compose: docker-compose is not installed; run 'apt-get install -y docker-compose' as root" >&2
    exit 2
  fi
  echo "validate-compose: installing docker-compose with apt-get..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >&2
fi

docker-compose -f docker-compose.yml config -q
