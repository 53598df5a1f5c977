#!/usr/bin/env bash
# Shared set-up for .ci/sandbox and .ci/test: installs the Debian packages ctisim
# needs (as root; otherwise prints the command to run) and builds into build/.
# Sourced, not run: it defines ctisim_setup and ctisim_build.
set -euo pipefail

CTISIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build tools and libraries; libboost1.81-dev because Debian's default Boost 1.74
# lacks Beast's http::message_generator. cmake lets Meson find doctest.
# libssl-dev: TLS to a real GWS for `ctisim record --upstream https://...`.
CTISIM_BUILD_PACKAGES=(meson ninja-build g++ pkg-config cmake ccache libboost1.81-dev rapidjson-dev libfmt-dev doctest-dev libssl-dev)
# Only the tests need these: real CometD clients run under Node.js, and the web
# console's test drives Debian's Chromium (through playwright-core from npm).
CTISIM_TEST_PACKAGES=(nodejs npm chromium)
# The fuzz targets (tests/fuzz) need clang and its libFuzzer runtime
# (libclang_rt.fuzzer is in libclang-rt-14-dev, which clang-14 does not pull in).
CTISIM_TEST_PACKAGES+=(clang-14 libclang-rt-14-dev)
# The format check: the committed .clang-format is written for clang-format 14.
CTISIM_TEST_PACKAGES+=(clang-format-14)
# tests/integration/nginx_sticky.test.mjs runs docs/nginx-sticky.conf in front of two front ends.
CTISIM_TEST_PACKAGES+=(nginx-light)
# tests/integration/proxy_record.test.mjs plays a TLS upstream with `openssl s_server`.
CTISIM_TEST_PACKAGES+=(openssl)
# The Java and Python helpers (clients/java, clients/python) build and test with Debian's
# packages only: javac and the JUnit 5 console launcher, pytest, mypy for the typing.
CTISIM_TEST_PACKAGES+=(openjdk-17-jdk-headless junit5 python3-pytest python3-mypy)
# The container image (Containerfile, .ci/image) is built and run by the tests with podman.
CTISIM_TEST_PACKAGES+=(podman)
# ... and run under docker by a dockerd the test starts itself (tests/container/with-dockerd.sh;
# docker.io brings containerd, runc and iptables); deploy/compose.yaml runs with
# docker-compose, whose python3-yaml also reads the manifests for their offline check.
CTISIM_TEST_PACKAGES+=(docker.io docker-compose)

ctisim_missing_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	echo "${missing[@]:-}"
}

ctisim_install() {
	local missing
	missing=$(ctisim_missing_packages "$@")
	# A machine whose node/npm came from elsewhere (not dpkg) still has them.
	if command -v node >/dev/null && command -v npm >/dev/null; then
		missing=$(echo " $missing " | sed -e 's/ nodejs / /; s/ npm / /' | xargs)
	fi
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "ctisim needs these Debian packages: $missing" >&2
		echo "install them with: sudo apt-get install -y $missing" >&2
		exit 1
	fi
	echo "== installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

ctisim_setup() {
	ctisim_install "${CTISIM_BUILD_PACKAGES[@]}"
}

# ctisim_build DIR [meson options...]: configure once, then build.
ctisim_build() {
	local dir=$1
	shift
	cd "$CTISIM_ROOT"
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
	fi
	ninja -C "$dir" >"$dir.build.log" 2>&1 || { tail -n 80 "$dir.build.log"; return 1; }
}
