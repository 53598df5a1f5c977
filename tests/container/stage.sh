#!/usr/bin/env bash
# .ci/test's docker stage, run inside tests/container/with-dockerd.sh (its own
# dockerd, the images loaded): each suite against the image under docker, every
# port published on loopback only. Suite NAME writes its output (TAP for the
# Node suites) to build-logs/container/NAME.log and its exit status to
# NAME.status; .ci/test counts them.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=build-logs/container
rm -rf "$out"
mkdir -p "$out"
image=${CTISIM_IMAGE:-localhost/ctisim:latest}

suite() { # suite NAME COMMAND...
	local name=$1
	shift
	local started=$SECONDS
	"$@" >"$out/$name.log" 2>&1
	echo $? >"$out/$name.status"
	echo "$((SECONDS - started))" >"$out/$name.seconds"
}

# The README's line, the control access modes, the healthcheck, --read-only, the
# user, the console in Chromium (docker.test.mjs); deploy/compose.yaml (compose.test.mjs).
# Two files at once: they mostly wait on containers (node runs one at a time on two cores).
suite image-docker node --test --test-concurrency=2 --test-reporter=tap tests/container/
# The Node example suite through startCtisim({image}) (docker run -p 127.0.0.1::8080).
suite examples-docker env CTISIM_IMAGE="$image" CTISIM_IMAGE_ENGINE=docker \
	node --test --test-reporter=tap tests/examples/
# The CI workflow's steps (tests/examples/ci/run-locally.sh): the image as a service container.
suite ci-example env CTISIM_CI_ENGINE=docker bash tests/examples/ci/run-locally.sh "$image"

# The Java and Python helpers' example suites (clients/java, clients/python) through the
# image: their run-tests scripts take it from CTISIM_IMAGE, like startCtisim({image}).
suite examples-java-docker env CTISIM_IMAGE="$image" CTISIM_IMAGE_ENGINE=docker clients/java/run-tests examples
suite examples-python-docker env CTISIM_IMAGE="$image" CTISIM_IMAGE_ENGINE=docker \
	clients/python/run-tests examples -rfEs
exit 0
