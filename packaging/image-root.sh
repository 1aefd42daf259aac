#!/usr/bin/env bash
# Lays out target/image-root, the base of the OCI image (`./carechat image`): a Java runtime made with jlink from the
# build's JDK, the C libraries it links against (copied from this machine), the JVM options of every launcher
# (packaging/jvm.options), /tmp, /data and a passwd entry for the non-root user 10001. Jib then adds the application's layers on top; no registry and no Docker are involved.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?JAVA_HOME must name a JDK 21 or newer}"
ROOT=target/image-root
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,\
jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

rm -rf "$ROOT"
mkdir -p "$ROOT/opt/carechat" "$ROOT/tmp" "$ROOT/data" "$ROOT/etc"
# The same collector and heap as ./carechat and the systemd unit; the entrypoint reads it (java @file).
cp packaging/jvm.options "$ROOT/opt/carechat/jvm.options"
available=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')
wanted=$(echo "$MODULES" | tr ',' '\n' | grep -Fx -f <(echo "$available") | paste -sd, -)
"$JAVA_HOME/bin/jlink" --add-modules "$wanted" --strip-debug --no-man-pages --no-header-files \
    --output "$ROOT/opt/java"

# Every shared library the runtime needs, at the path the dynamic linker looks for it.
find "$ROOT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | xargs -0 ldd 2>/dev/null \
    | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' \
    | sort -u \
    | while read -r lib; do
        mkdir -p "$ROOT$(dirname "$lib")"
        cp -L "$lib" "$ROOT$lib"
    done

printf 'root:x:0:0:root:/root:/sbin/nologin\ncarechat:x:10001:10001:CareChat:/data:/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\ncarechat:x:10001:\n' > "$ROOT/etc/group"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
echo "image root ready: $(du -sh "$ROOT" | cut -f1) in $ROOT"
