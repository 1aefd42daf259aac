#!/usr/bin/env bash
# Checks the launcher's AOT cache (docs/operations.md, "A warm start"): `./carechat train` makes one, a start uses it
# and answers; a cache the JVM refuses (the extracted jar changed), a missing one and a stale one (the jar rebuilt)
# all still start, without it. With a JDK older than 25, checks that training refuses and a start goes on as before.
# Run after `./mvnw package` (the CI does, after the service check); exits 0 when every check passes. It leaves no
# cache behind (target/aot is removed).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/carechat.jar
AOT=target/aot
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -DskipTests package)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/carechat-aot-check.XXXXXX)
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2> /dev/null || true; rm -rf "$WORK" "$AOT"' EXIT
fail() { echo "FAIL: $*" >&2; tail -n 30 "$WORK/server.log" >&2 2> /dev/null || true; exit 1; }

# Starts ./carechat on a new data folder and a free port, waits until it answers, notes whether the JVM mapped the
# cache (its file in /proc/PID/maps), stops it with SIGTERM. Sets MAPPED (yes/no); the output is in $WORK/server.log.
start_and_stop() {
    local data port
    data=$(mktemp -d "$WORK/data.XXXXXX")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ./carechat --carechat.data-dir="$data" --server.port="$port" --server.address=127.0.0.1 > "$WORK/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 180); do
        curl -fsS "http://127.0.0.1:$port/actuator/health" 2> /dev/null | grep -q '"status":"UP"' && break
        kill -0 "$PID" 2> /dev/null || fail "the server exited during start"
        sleep 1
    done
    curl -fsS "http://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"' || fail "health is not UP"
    if grep -q "$(pwd)/$AOT/carechat.aot" "/proc/$PID/maps"; then MAPPED=yes; else MAPPED=no; fi
    kill -TERM "$PID"
    wait "$PID" || true
    PID=""
}

if ! ./carechat train --seconds=3 > "$WORK/train.log" 2>&1; then
    grep -q "An AOT cache needs JDK 25 or newer" "$WORK/train.log" || { cat "$WORK/train.log" >&2; fail "training failed"; }
    start_and_stop
    [ "$MAPPED" = no ] || fail "a cache was used"
    echo "AOT cache check passed: this JDK (older than 25) refuses training; the server starts as before"
    exit 0
fi
grep -q '^trained: ' "$WORK/train.log" || fail "training printed no summary"
[ -s "$AOT/carechat.aot" ] || fail "no cache was written"

start_and_stop
[ "$MAPPED" = yes ] || fail "a start after training did not use the cache"

touch "$AOT/carechat.jar" # the JVM refuses a cache whose jar changed, and starts without it
start_and_stop
[ "$MAPPED" = no ] || fail "the JVM used a cache whose jar changed"

rm "$AOT/carechat.aot"
start_and_stop
[ "$MAPPED" = no ] || fail "a missing cache was mapped"
grep -q "starting without it" "$WORK/server.log" || fail "a missing cache was not reported"

touch "$JAR" # as a rebuild does: the stamp no longer matches
start_and_stop
[ "$MAPPED" = no ] || fail "a cache trained for another build was used"
grep -q "starting without it" "$WORK/server.log" || fail "a stale cache was not reported"
echo "AOT cache check passed: used after training; refused, missing and stale caches start without it"
