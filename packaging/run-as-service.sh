#!/usr/bin/env bash
# Starts the built jar as the packaged service does, and checks it: a non-root system user, the code in a read-only
# root-owned folder, the data in its own owner-only folder, nothing written anywhere else. Then stops it.
# Run as root after `./mvnw package` (or `./carechat test`); exits 0 when every check passes.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?JAVA_HOME must name a JDK 21 or newer}"
JAR=target/carechat.jar
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -DskipTests package)" >&2; exit 2; }
SERVICE_USER=carechat
id -u "$SERVICE_USER" > /dev/null 2>&1 \
    || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER"

ROOT=$(mktemp -d /tmp/carechat-service.XXXXXX)
chmod 0755 "$ROOT"
CODE="$ROOT/opt/carechat"
DATA="$ROOT/var/lib/carechat"
mkdir -p "$CODE" "$DATA"
install -m 0444 "$JAR" "$CODE/carechat.jar"
install -m 0444 packaging/jvm.options "$CODE/jvm.options"
chmod 0555 "$CODE"
chown "$SERVICE_USER:$SERVICE_USER" "$DATA"
chmod 0700 "$DATA"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG="$ROOT/service.log"
fail() { echo "FAIL: $*" >&2; echo "--- service log ---" >&2; tail -n 40 "$LOG" >&2 || true; exit 1; }

as_service() {
    setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_USER" --init-groups --no-new-privs \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent TMPDIR="$ROOT/tmp" "$@"
}
mkdir -p "$ROOT/tmp" && chmod 1777 "$ROOT/tmp"

VERSION_LINE=$(as_service "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$CODE/carechat.jar" --version)
echo "version: $VERSION_LINE"
[[ "$VERSION_LINE" =~ ^CareChat\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "--version printed '$VERSION_LINE'"

# exec: $! is then the server itself (setpriv and env exec too), so the checks and the SIGTERM reach it.
(exec setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_USER" --init-groups --no-new-privs \
    env -i PATH=/usr/bin:/bin HOME=/nonexistent "$JAVA_HOME/bin/java" @"$CODE/jvm.options" \
    -Djava.io.tmpdir="$ROOT/tmp" -jar "$CODE/carechat.jar" --carechat.data-dir="$DATA" --server.port="$PORT") \
    > "$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true' EXIT

for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1 && break
    kill -0 "$PID" 2> /dev/null || fail "the server exited during start"
    sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/actuator/health" | grep -q '"status":"UP"' || fail "health is not UP"

RUNNING_AS=$(ps -o user= -p "$PID" | tr -d ' ')
[ "$RUNNING_AS" = "$SERVICE_USER" ] || fail "runs as '$RUNNING_AS', not $SERVICE_USER"
grep -q "is ready at http://localhost:$PORT" "$LOG" || fail "the banner does not name http://localhost:$PORT"
grep -q "one-time password" "$LOG" || fail "no first-start sign-in was printed"
curl -fsS "http://127.0.0.1:$PORT/actuator/info" | grep -q "\"version\":\"${VERSION_LINE#CareChat }\"" \
    || fail "/actuator/info does not carry the version"
[ "$(stat -c %U "$DATA/carechat.db")" = "$SERVICE_USER" ] || fail "the database is not the service user's"
[ "$(stat -c %a "$DATA/master-key.json")" = "600" ] || fail "the master key is not owner-only"
[ "$(find "$CODE" -mindepth 1 | wc -l)" = "2" ] || fail "something was written into the code folder (only the jar and jvm.options belong there)"
as_service touch "$CODE/probe" 2> /dev/null && fail "the service user can write the code folder"

kill -TERM "$PID"
wait "$PID" || true
trap - EXIT
grep -q "Graceful shutdown complete" "$LOG" || fail "no graceful shutdown on SIGTERM"
rm -rf "$ROOT"
echo "packaged service check passed: non-root ($SERVICE_USER), read-only code, data in its own folder"
