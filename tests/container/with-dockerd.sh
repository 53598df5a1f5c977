#!/usr/bin/env bash
# Runs a command next to a dockerd of its own (docs/ci-fixture.md "Under docker"):
#
#   bash tests/container/with-dockerd.sh [--load IMAGE]... COMMAND [ARGS...]
#
# The daemon lives in a private network and mount namespace (unshare --net
# --mount), with its data root, exec root, socket and pidfile in a scratch folder:
# its bridge, its iptables rules and its published ports exist only there, so the
# host's network is left as it was and several runs (or another dockerd) do not
# clash over docker0. COMMAND runs in the same namespaces with DOCKER_HOST set,
# so `docker run -p 127.0.0.1:PORT:8080` and a client of 127.0.0.1:PORT meet on
# that namespace's loopback. Each --load IMAGE is copied from podman's store
# (`podman save | docker load`) first. The daemon is stopped when COMMAND ends,
# whatever happens (trap); the exit status is COMMAND's. Root only.
set -euo pipefail

if [ -z "${CTISIM_DOCKERD_INSIDE:-}" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "with-dockerd.sh: needs root (a network namespace, dockerd)" >&2
		exit 77
	fi
	CTISIM_DOCKERD_INSIDE=1 exec unshare --net --mount --propagation private --fork --kill-child=TERM -- bash "$0" "$@"
fi

images=()
while [ "${1:-}" = --load ]; do
	images+=("$2")
	shift 2
done
[ $# -gt 0 ] || {
	echo "usage: with-dockerd.sh [--load IMAGE]... COMMAND [ARGS...]" >&2
	exit 2
}

# Short: the socket's path must fit a sockaddr_un (108 bytes).
scratch=$(mktemp -d /tmp/ctisim-dockerd.XXXXXX)
export DOCKER_HOST="unix://$scratch/docker.sock"
stop_daemon() {
	local pid
	pid=$(cat "$scratch/dockerd.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
		# dockerd stops its containers (up to 10 s each), then exits.
		for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
	fi
	[ -n "${CTISIM_DOCKERD_LOG:-}" ] && cp "$scratch/dockerd.log" "$CTISIM_DOCKERD_LOG" 2>/dev/null
	# The namespace's mounts go with it; what dockerd left in the data root goes now.
	umount -R "$scratch/data" 2>/dev/null || true
	rm -rf "$scratch"
}
trap stop_daemon EXIT
trap 'exit 143' TERM INT HUP

ip link set lo up
dockerd --data-root "$scratch/data" --exec-root "$scratch/exec" -H "$DOCKER_HOST" \
	--pidfile "$scratch/dockerd.pid" >"$scratch/dockerd.log" 2>&1 &
started=$SECONDS
until docker version >/dev/null 2>&1; do
	if ! kill -0 $! 2>/dev/null || [ $((SECONDS - started)) -gt 60 ]; then
		echo "with-dockerd.sh: dockerd did not start:" >&2
		tail -n 20 "$scratch/dockerd.log" >&2
		exit 1
	fi
	sleep 0.2
done

for image in "${images[@]}"; do
	podman save "$image" | docker load >/dev/null
done

set +e
"$@"
