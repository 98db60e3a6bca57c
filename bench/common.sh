# Sourced by bench/compare.sh and bench/accuracy.sh: where the PyTorch peer and its Python are,
# and the checks both scripts run on their options. Expects $script (the caller's name for its
# messages) and $root (the repository) to be set.

peer="${PEER:-$root/../shared/bench/torch_peer.py}"
python="${PYTHON:-/usr/bin/python3}"

# require_whole OPTION VALUE MIN: exits with a message unless VALUE is a whole number >= MIN
# (0 or 1), written without leading zeros (bash would read 010 as octal).
require_whole() {
  local pattern='^[1-9][0-9]*$'
  [[ "$3" == 0 ]] && pattern='^(0|[1-9][0-9]*)$'
  [[ "$2" =~ $pattern ]] \
    || { echo "$script: $1 needs a whole number >= $3 without leading zeros, got '$2'" >&2; exit 2; }
}

# require_peer: exits with a message when the peer script is missing.
require_peer() {
  [[ -f "$peer" ]] || { echo "$script: the PyTorch peer $peer is missing (PEER=...)" >&2; exit 1; }
}
