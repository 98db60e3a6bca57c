# Sourced by bench/compare.sh, bench/accuracy.sh and bench/same_start.sh: where the PyTorch peer
# and its Python are, the checks the scripts run on their options, and the seeded copy of the peer.
# Expects $script (the caller's name for its messages) and $root (the repository) to be set.

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

# seeded_peer FILE: writes to FILE a copy of the peer whose two seeds (its weights' and its batch
# order's) read the environment variable SEED; exits with a message when the peer no longer has
# the seeds this replaces.
seeded_peer() {
  sed -e 's/torch\.manual_seed(42)/torch.manual_seed(int(os.environ["SEED"]))/' \
      -e 's/Generator()\.manual_seed(0)/Generator().manual_seed(int(os.environ["SEED"]))/' \
      "$peer" > "$1"
  grep -q '^import.*\bos\b' "$1" \
    && grep -q 'torch\.manual_seed(int(os\.environ\["SEED"\]))' "$1" \
    && grep -q 'Generator()\.manual_seed(int(os\.environ\["SEED"\]))' "$1" \
    && ! grep -q 'manual_seed([0-9]' "$1" \
    || { echo "$script: $peer no longer has the seeds this script replaces; update the sed" >&2; exit 1; }
}
