#!/usr/bin/env bash
# Runs the PyTorch peer (../shared/bench/torch_peer.py) and `lamina bench train` on the same
# workloads in one session, interleaved (peer, Lamina, peer, Lamina ...), and prints the medians,
# the ratios Lamina / PyTorch and the peak RSS of both processes (/usr/bin/time -v).
#
#   bench/compare.sh [--rounds N] [--models "seed lenet"] [--threads N] [--repeats N]
#
# Each Lamina run trains --repeats (default 3) fresh networks with seeds 42, 43, ...: its training
# figure is the first one (JIT warm-up included), its accuracy and inference figures the medians.
#
# Environment: PEER (default ../shared/bench/torch_peer.py beside the repo), PYTHON (default /usr/bin/python3),
# LAMINA_JAVA_OPTS (passed on to ./lamina, e.g. -Xmx...).
set -euo pipefail

script=compare.sh
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/common.sh"
rounds=1
models="seed lenet"
threads=2
repeats=3
usage() { echo "usage: $0 [--rounds N] [--models \"seed lenet\"] [--threads N] [--repeats N]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    *) usage ;;
  esac
done
require_whole --rounds "$rounds" 1
require_whole --threads "$threads" 1
require_whole --repeats "$repeats" 1
for m in $models; do
  [[ $m == seed || $m == lenet ]] \
    || { echo "compare.sh: --models takes seed and/or lenet, not '$m'" >&2; exit 2; }
done
[[ -n "${models// }" ]] || { echo "compare.sh: --models needs seed and/or lenet" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
require_peer

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/lamina" --version >/dev/null   # builds the jar once, outside the timings

rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "compare.sh: $(uptime)"
for ((r = 1; r <= rounds; r++)); do
  for m in $models; do
    workload=$([[ $m == seed ]] && echo seedfull || echo lenet)
    THREADS=$threads /usr/bin/time -v -o "$work/peer-$m-$r.time" \
      "$python" "$peer" "$workload" > "$work/peer-$m-$r.out"
    train=$(sed -n 's/.* = \([0-9.]*\) img\/s.*/\1/p' "$work/peer-$m-$r.out")
    acc=$(sed -n 's/.*test acc \([0-9.]*\)%.*/\1/p' "$work/peer-$m-$r.out")
    infer=$(sed -n 's/.*inference: \([0-9.]*\) img\/s.*/\1/p' "$work/peer-$m-$r.out")
    echo "$train $infer $acc $(rss_mb "$work/peer-$m-$r.time")" > "$work/peer-$m-$r.fig"
    echo "round $r $m pytorch: training $train img/s, inference $infer img/s, accuracy $acc%, peak RSS $(rss_mb "$work/peer-$m-$r.time") MB"

    /usr/bin/time -v -o "$work/lamina-$m-$r.time" "$root/lamina" bench train --model "$m" \
      --threads "$threads" --repeats "$repeats" --report "$work/lamina-$m-$r.json" > "$work/lamina-$m-$r.out"
    "$python" - "$work/lamina-$m-$r.json" > "$work/lamina-$m-$r.fig" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(d["firstTrainImagesPerSecond"], d["medianInferenceImagesPerSecond"], 100 * d["medianTestAccuracy"])
PY
    read -r ltrain linfer lacc < "$work/lamina-$m-$r.fig"
    echo "$ltrain $linfer $lacc $(rss_mb "$work/lamina-$m-$r.time")" > "$work/lamina-$m-$r.fig"
    printf 'round %d %s lamina:  training %.0f img/s, inference %.0f img/s, accuracy %.2f%%, peak RSS %s MB\n' \
      "$r" "$m" "$ltrain" "$linfer" "$lacc" "$(rss_mb "$work/lamina-$m-$r.time")"
  done
done

echo
echo "medians over $rounds round(s), $threads threads ($(uptime | sed 's/.*load/load/'))"
printf '%-6s %-9s %12s %12s %9s %9s\n' model who train_img/s infer_img/s acc_% rss_MB
for m in $models; do
  declare -A med=()
  for who in peer lamina; do
    for col in 1 2 3 4; do
      med[$who$col]=$(cat "$work/$who-$m-"*.fig | awk -v c=$col '{print $c}' | median)
    done
    printf '%-6s %-9s %12.0f %12.0f %9.2f %9.0f\n' "$m" "$([[ $who == peer ]] && echo pytorch || echo lamina)" \
      "${med[${who}1]}" "${med[${who}2]}" "${med[${who}3]}" "${med[${who}4]}"
  done
  awk -v a="${med[lamina1]}" -v b="${med[peer1]}" -v c="${med[lamina2]}" -v d="${med[peer2]}" \
      -v e="${med[lamina4]}" -v f="${med[peer4]}" -v m="$m" \
      'BEGIN {printf "%-6s %-9s %11.2fx %11.2fx %9s %8.2fx\n", m, "ratio", a / b, c / d, "", e / f}'
done
