#!/bin/sh
# Run Complement's compiled tests against a testee image, with a Docker daemon of our own.
#
# usage: complement-run.sh TESTEE_TAR OUT
#
# TESTEE_TAR is the testee image as an OCI or docker tarball; OUT receives
#   go-test.jsonl  the test2json event stream of every test binary, in MANIFEST order
#   outcomes.jsonl its pass, fail and skip events of tests (what the results are read from;
#                  the stream also carries every line the tests and servers printed)
#   dockerd.log    the daemon's log
#   MANIFEST       the binaries that ran (see complement-build.sh)
# Settings come from the environment:
#   BAKERY_COMPLEMENT_BUILD    complement-build.sh's OUT (bin/ and MANIFEST)
#   BAKERY_COMPLEMENT_SRC      Complement's checkout (each binary runs in its package's directory)
#   BAKERY_COMPLEMENT_RUN      -test.run pattern (default: every test)
#   BAKERY_COMPLEMENT_SKIP     -test.skip pattern (default: none)
#   BAKERY_COMPLEMENT_COUNT    -test.count (default 1)
#   BAKERY_COMPLEMENT_TIMEOUT  -test.timeout of each binary (default 1h)
#   BAKERY_COMPLEMENT_PARALLEL -test.parallel (default 1)
# Complement starts each homeserver as a container of this daemon and reaches it through the
# ports the daemon publishes; the homeservers reach the tests through the daemon's host gateway.
# So the daemon, and this script, need root capabilities. The daemon's data root is expected to
# be a volume (/var/lib/docker); containers of earlier runs are removed first, and images too
# when the testee changed.
#
# Failing tests are results, not errors: the exit status is 0 once every binary has run. It is
# non-zero if the daemon does not start, the image does not load, or a binary cannot be run.
set -eu

if [ "$#" -ne 2 ]; then
    echo "usage: complement-run.sh TESTEE_TAR OUT" >&2
    exit 2
fi
tar=$1 out=$2
build=${BAKERY_COMPLEMENT_BUILD:?BAKERY_COMPLEMENT_BUILD is not set}
src=${BAKERY_COMPLEMENT_SRC:?BAKERY_COMPLEMENT_SRC is not set}
run=${BAKERY_COMPLEMENT_RUN:-.*}
skip=${BAKERY_COMPLEMENT_SKIP-}
count=${BAKERY_COMPLEMENT_COUNT:-1}
timeout=${BAKERY_COMPLEMENT_TIMEOUT:-1h}
parallel=${BAKERY_COMPLEMENT_PARALLEL:-1}
image=bakery-complement-testee:latest

for n in "count=$count" "parallel=$parallel"; do
    case "${n#*=}" in '' | *[!0-9]* | 0) echo "complement-run.sh: ${n%%=*} '${n#*=}' is not a positive integer" >&2; exit 2 ;; esac
done
[ -f "$tar" ] || { echo "complement-run.sh: no testee image at $tar" >&2; exit 2; }
[ -s "$build/MANIFEST" ] || { echo "complement-run.sh: no test binaries in $build (MANIFEST missing or empty)" >&2; exit 2; }

mkdir -p "$out"
cp "$build/MANIFEST" "$out/MANIFEST"
: >"$out/go-test.jsonl"

dockerd --data-root /var/lib/docker --host unix:///var/run/docker.sock >"$out/dockerd.log" 2>&1 &
dockerd_pid=$!
stop_dockerd() {
    kill "$dockerd_pid" 2>/dev/null || return 0
    i=0
    while kill -0 "$dockerd_pid" 2>/dev/null && [ "$i" -lt 30 ]; do sleep 1; i=$((i + 1)); done
}
trap stop_dockerd EXIT
trap 'exit 130' INT TERM

i=0
until docker info >/dev/null 2>&1; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null || [ "$i" -ge 60 ]; then
        echo "complement-run.sh: dockerd did not start; the end of its log:" >&2
        tail -n 30 "$out/dockerd.log" >&2
        exit 1
    fi
    sleep 1
    i=$((i + 1))
done

# Homeserver containers of earlier runs are of no use to this one. Complement's blueprint
# images (snapshots of homeservers it has set up) are, as long as the testee is the same: keep
# them then, and remove every other image when the testee changed.
docker container prune -f >/dev/null
loaded=$(docker load -i "$tar" | tail -n 1)
case "$loaded" in
    "Loaded image: "*) ref=${loaded#Loaded image: } ;;
    "Loaded image ID: "*) ref=${loaded#Loaded image ID: } ;;
    *) echo "complement-run.sh: docker load did not report an image: $loaded" >&2; exit 1 ;;
esac
id=$(docker image inspect --format '{{.Id}}' "$ref")
if [ "$(cat /var/lib/docker/bakery-testee-id 2>/dev/null)" != "$id" ]; then
    docker image ls -q --no-trunc | sort -u | grep -vxF "$id" | xargs -r docker image rm -f >/dev/null 2>&1 || true
    echo "$id" >/var/lib/docker/bakery-testee-id
fi
docker tag "$id" "$image"
export COMPLEMENT_BASE_IMAGE="$image"

while read -r bin pkg rel; do
    echo "complement-run.sh: $pkg" >&2
    set -- -test.v=test2json -test.run "$run" -test.count "$count" -test.timeout "$timeout" -test.parallel "$parallel"
    [ -z "$skip" ] || set -- "$@" -test.skip "$skip"
    status=0
    (cd "$src/$rel" && go tool test2json -t -p "$pkg" "$build/bin/$bin" "$@") </dev/null >>"$out/go-test.jsonl" || status=$?
    # test2json exits with the binary's status: failed tests (1) and panics or timeouts (2) are
    # in the events; a binary that cannot be run at all is not.
    if [ "$status" -ge 126 ]; then
        echo "complement-run.sh: $bin exited with status $status" >&2
        exit 1
    fi
done <"$build/MANIFEST"

grep -E '"Action":"(pass|fail|skip)"' "$out/go-test.jsonl" | grep -F '"Test":' >"$out/outcomes.jsonl" || true
