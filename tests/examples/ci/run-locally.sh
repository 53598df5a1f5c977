#!/usr/bin/env bash
# The steps of github-actions.yml (and gitlab-ci.yml) on this machine, with the
# same commands: the image runs as the service with the workflow's environment
# and is ready when its health command (the --health-cmd) passes; then the
# suite (tests/examples) is installed with `npm ci` and run with `node --test`
# and CTISIM_URL pointing at the service.
#
# Usage: bash tests/examples/ci/run-locally.sh [IMAGE]   (default localhost/ctisim:latest)
# The service runs with `docker run` (or `podman run`) when CTISIM_CI_ENGINE
# names one; by default (podman run cannot set rlimits on these machines) it
# runs what the image holds under chroot, as root, as .ci/test does.
set -euo pipefail
image=${1:-localhost/ctisim:latest}
engine=${CTISIM_CI_ENGINE:-chroot}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=$((20000 + RANDOM % 40000))
service_env=(CTISIM_LOG_LEVEL=warn)

if [ "$engine" = chroot ]; then
	root=$(podman image mount "$image")
	trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; podman image unmount "$image" >/dev/null' EXIT
	# The image's ENTRYPOINT, CMD and USER, its ENV, then the service's env and port.
	entry=$(podman image inspect --format '{{range .Config.Entrypoint}}{{.}} {{end}}{{range .Config.Cmd}}{{.}} {{end}}' "$image")
	user=$(podman image inspect --format '{{.Config.User}}' "$image")
	mapfile -t image_env < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | grep .)
	# shellcheck disable=SC2086
	env -i PATH="$PATH" "${image_env[@]}" "${service_env[@]}" CTISIM_HOST=127.0.0.1 CTISIM_PORT=$port \
		unshare --mount --propagation private sh -c \
		'root=$1; shift; mount -t proc proc "$root/proc" && exec chroot --userspec="$0" "$root" "$@"' \
		"$user" "$root" $entry >/dev/null &
	pid=$!
	health=(chroot --userspec="$user" "$root" /usr/bin/ctisim health --url "http://127.0.0.1:$port")
else
	id=$("$engine" run -d --rm -p "127.0.0.1:$port:8080" -e "${service_env[0]}" "$image")
	trap '"$engine" stop -t 5 "$id" >/dev/null' EXIT
	health=("$engine" exec "$id" /usr/bin/ctisim health)
fi

# The runner's wait for a healthy service: --health-interval 1s, --health-retries 30.
started=$(date +%s%N)
for _ in $(seq 30); do
	"${health[@]}" >/dev/null 2>&1 && break
	sleep 1
done
"${health[@]}" >/dev/null
echo "service healthy after $(( ($(date +%s%N) - started) / 1000000 )) ms"

# The job's steps.
npm ci --no-audit --no-fund --loglevel=error
CTISIM_URL="http://127.0.0.1:$port" node --test
