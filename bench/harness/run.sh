#!/usr/bin/env bash
# Compiles one of the measuring programs in this folder against the Lamina jar and runs it.
#
#   bench/harness/run.sh NAME [JVM options ...]      e.g. bench/harness/run.sh InferBench -XX:UseAVX=2
#
# The jar is built first when it is missing or older than the sources (as ./lamina does). The JVM
# gets the Vector API, the parallel collector and a 1 GB heap, then the options given here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
name="${1:-}"
if [[ -z "$name" || ! -f "$here/$name.java" ]]; then
  available=$(cd "$here" && ls ./*.java | sed 's|^\./||; s|\.java$||' | tr '\n' ' ')
  echo "run.sh: name one of: ${available% }${name:+ (not '$name')}" >&2
  exit 2
fi
shift

"$root/lamina" info > /dev/null
jar="$root/examples/target/lamina.jar"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -nowarn --add-modules jdk.incubator.vector -cp "$jar" -d "$classes" "$here/$name.java" 2>&1 \
  | { grep -v -e 'incubating module' -e '^1 warning$' || true; } >&2
java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx1g "$@" -cp "$jar:$classes" "$name" \
  2> >(grep -v 'WARNING: Using incubator modules' >&2)
