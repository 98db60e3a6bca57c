#!/usr/bin/env bash
# Compares the one-epoch test accuracy of Lamina and the PyTorch peer over many seeds, so that
# "the same accuracy" is judged on the two distributions and not on one draw of each.
#
#   bench/accuracy.sh [--model seed|lenet] [--from S] [--count N] [--threads N]
#
# Lamina: `lamina bench train --repeats N --seed S` (repeat r trains from fresh weights with seed
# S + r and shuffles with it). PyTorch: ../shared/bench/torch_peer.py with torch.manual_seed(S + r)
# for the weights and the batch order (a seeded copy of the peer, written to a temporary folder;
# the peer itself always uses 42 for the weights and 0 for the order). Prints each seed's two
# accuracies, then median, mean, minimum, maximum and how many runs reached the issue's bar
# (94% for seed, 98.3% for lenet).
#
# Environment: PEER, PYTHON and LAMINA_JAVA_OPTS as for compare.sh.
set -euo pipefail

script=accuracy.sh
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/common.sh"
model=seed
from=100
count=10
threads=2
usage() { echo "usage: $0 [--model seed|lenet] [--from S] [--count N] [--threads N]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) usage ;;
  esac
done
case "$model" in
  seed) workload=seedfull; bar=94 ;;
  lenet) workload=lenet; bar=98.3 ;;
  *) echo "accuracy.sh: --model must be seed or lenet, not '$model'" >&2; exit 2 ;;
esac
require_whole --from "$from" 0
require_whole --count "$count" 1
require_whole --threads "$threads" 1
require_peer

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The seeded peer: every torch.manual_seed(42) and the order generator's manual_seed(0) read SEED.
seeded_peer "$work/peer.py"

"$root/lamina" bench train --model "$model" --threads "$threads" --repeats "$count" --seed "$from" \
  --report "$work/lamina.json" > "$work/lamina.out" 2>&1 \
  || { cat "$work/lamina.out" >&2; echo "accuracy.sh: lamina bench train failed" >&2; exit 1; }
"$python" - "$work/lamina.json" > "$work/lamina.acc" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["repeats"]:
    print(r["seed"], 100 * r["testAccuracy"])
PY

for ((s = from; s < from + count; s++)); do
  SEED=$s THREADS=$threads "$python" "$work/peer.py" "$workload" > "$work/peer.out" 2>&1 \
    || { tail -5 "$work/peer.out" >&2; echo "accuracy.sh: the peer failed for seed $s" >&2; exit 1; }
  acc=$(sed -n 's/.*test acc \([0-9.]*\)%.*/\1/p' "$work/peer.out")
  [[ -n "$acc" ]] || { echo "accuracy.sh: the peer printed no test accuracy for seed $s" >&2; exit 1; }
  echo "$s $acc" >> "$work/peer.acc"
done

printf '%-6s %9s %9s\n' seed lamina_% pytorch_%
awk 'NR == FNR {peer[$1] = $2; next}
     !($1 in peer) {print "accuracy.sh: no PyTorch run for seed " $1 > "/dev/stderr"; exit 1}
     {printf "%-6s %9.2f %9.2f\n", $1, $2, peer[$1]}' "$work/peer.acc" "$work/lamina.acc"
echo
printf '%-9s %8s %8s %8s %8s %10s\n' who median mean min max ">=$bar%"
for who in lamina peer; do
  awk '{print $2}' "$work/$who.acc" | sort -g | awk -v who="$([[ $who == peer ]] && echo pytorch || echo lamina)" -v bar="$bar" '
    {v[NR] = $1; sum += $1; if ($1 >= bar) hit++}
    END {med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
         printf "%-9s %8.2f %8.2f %8.2f %8.2f %6d/%d\n", who, med, sum / NR, v[1], v[NR], hit, NR}'
done
