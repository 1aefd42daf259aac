#!/usr/bin/env bash
# Runs the OCI image built by `./carechat image` without Docker: unpacks its layers into a root folder and starts its
# entrypoint there in a chroot (own mount and PID namespaces, /proc mounted) as the image's user, with a data folder
# bind-mounted at /data. Checks the version, the health and that the data belongs to the image's user. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=$(ls target/carechat-*-image.tar 2> /dev/null | head -n 1)
[ -n "$IMAGE" ] || { echo "no image tarball in target/: run ./carechat image first" >&2; exit 2; }
WORK=$(mktemp -d /tmp/carechat-image.XXXXXX)
ROOTFS="$WORK/rootfs"
mkdir -p "$ROOTFS" "$WORK/data"
tar -xf "$IMAGE" -C "$WORK"
for layer in $(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))[0]['Layers']))" "$WORK/manifest.json"); do
    tar --warning=no-unknown-keyword -xzf "$WORK/$layer" -C "$ROOTFS"
done
read -r USER_SPEC ENTRYPOINT < <(python3 - "$WORK" <<'PY'
import json, sys, shlex
work = sys.argv[1]
manifest = json.load(open(work + "/manifest.json"))[0]
config = json.load(open(work + "/" + manifest["Config"]))["config"]
print(config["User"], " ".join(shlex.quote(a) for a in config["Entrypoint"]))
PY
)
chown "$USER_SPEC" "$WORK/data"
mkdir -p "$ROOTFS/proc"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fail() { echo "FAIL: $*" >&2; tail -n 30 "$WORK/log" >&2 || true; exit 1; }
cmp -s packaging/jvm.options "$ROOTFS/opt/carechat/jvm.options" || fail "the image's JVM options differ from packaging/jvm.options"
[[ "$ENTRYPOINT" == *@/opt/carechat/jvm.options* ]] || fail "the entrypoint does not read /opt/carechat/jvm.options"

# exec: in the background, $! is then unshare itself, and the server is its one child.
run_in_image() {
    exec unshare --mount --pid --fork --kill-child --mount-proc="$ROOTFS/proc" sh -c \
        "mount --bind '$WORK/data' '$ROOTFS/data' && cd '$ROOTFS' && exec chroot --userspec=$USER_SPEC . \
         $ENTRYPOINT --carechat.data-dir=/data $*"
}
VERSION_LINE=$(run_in_image --version)
[[ "$VERSION_LINE" =~ ^CareChat\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "--version printed '$VERSION_LINE'"
run_in_image --server.port="$PORT" > "$WORK/log" 2>&1 &
PID=$!
# unshare waits for its child and ignores SIGTERM: stop the server (its child, PID 1 in the namespace) instead.
stop() { kill -TERM $(pgrep -P "$PID") 2> /dev/null || true; wait "$PID" 2> /dev/null || true; }
trap 'stop; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1 && break
    kill -0 "$PID" 2> /dev/null || fail "the image's server exited during start"
    sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/actuator/health" | grep -q '"status":"UP"' || fail "health is not UP"
[ "$(stat -c %u:%g "$WORK/data/carechat.db")" = "$USER_SPEC" ] || fail "the database is not owned by $USER_SPEC"
[ "$(stat -c %a "$WORK/data/carechat.db")" = 600 ] || fail "the database is readable by others than $USER_SPEC"
stop
trap - EXIT
mountpoint -q "$ROOTFS/data" || rm -rf "$WORK"
echo "image check passed: $VERSION_LINE runs as $USER_SPEC from $(basename "$IMAGE") with /data as its volume"
