#!/usr/bin/env bash
# Trains the seed network one epoch in PyTorch and in Lamina from the same start: PyTorch's initial
# weights for each seed and its batch order, so the random draws are the same in both and what is
# left to differ is the arithmetic. Prints both test accuracies per seed and how far apart they are.
#
#   bench/same_start.sh [--from S] [--count N] [--threads N]      defaults: 42, 10, 2
#
# Needs the PyTorch peer (PEER=..., default ../shared/bench/torch_peer.py; install it with
# ../shared/bench/ensure_peers.sh) and MNIST where ./lamina keeps it (run ./lamina train once).
set -euo pipefail

script=same_start.sh
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/common.sh"
from=42
count=10
threads=2
usage() { echo "usage: $0 [--from S] [--count N] [--threads N]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) usage ;;
  esac
done
require_whole --from "$from" 0
require_whole --count "$count" 1
require_whole --threads "$threads" 1
require_peer

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The seeded peer: every torch.manual_seed(42) and the order generator's manual_seed(0) read SEED.
seeded_peer "$work/peer.py"

for ((s = from; s < from + count; s++)); do
  SEED=$s THREADS=$threads "$python" "$root/bench/same_start.py" "$work/peer.py" "$work/$s" \
    > "$work/peer.out" 2>&1 \
    || { tail -5 "$work/peer.out" >&2; echo "$script: the peer failed for seed $s" >&2; exit 1; }
done

"$root/bench/harness/run.sh" SameStart -Ddir="$work" -Dlamina.threads="$threads" > "$work/pairs" \
  || { echo "$script: the Lamina side failed" >&2; exit 1; }
[[ $(wc -l < "$work/pairs") -eq $count ]] \
  || { cat "$work/pairs" >&2; echo "$script: expected $count seeds from Lamina" >&2; exit 1; }

printf '%-6s %9s %9s %7s\n' seed lamina_% pytorch_% diff
awk '{printf "%-6s %9.2f %9.2f %+7.2f\n", $1, $2, $3, $2 - $3}' "$work/pairs"
awk '{d = $2 - $3; a = d < 0 ? -d : d; if (a > max) max = a; sum += d; if (a < 0.005) same++}
     END {printf "\nmean difference %+.3f points, largest %.2f, identical in %d of %d seeds\n",
                 sum / NR, max, same, NR}' "$work/pairs"
