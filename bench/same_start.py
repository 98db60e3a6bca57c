# Called by bench/same_start.sh with a copy of the PyTorch peer whose seeds read $SEED: builds the
# peer's seed network for that seed, writes its weights (Lamina's layouts, little-endian float32)
# and the peer's first-epoch batch order (int32) into DIR, then trains it exactly as the peer does
# (SGD lr 0.05, batch 64, one epoch) and writes the test accuracy to DIR/torch_acc.
import os, sys
import numpy as np, torch

peer, out = sys.argv[1], sys.argv[2]
seed = int(os.environ["SEED"])
g = {}
exec(open(peer).read().split("\nwhich = ")[0], g)  # the peer's data, models and loops, not its runs
m = g["seed_net"]()
os.makedirs(out, exist_ok=True)
def dump(name, a, dtype): np.ascontiguousarray(a).astype(dtype).tofile(os.path.join(out, name))
dump("conv_w", m[0].weight.detach().numpy(), "<f4")      # [4, 1, 3, 3], as Conv2D's kernel
dump("fc1_w", m[2].weight.detach().numpy().T, "<f4")     # Dense keeps [inputs, units]
dump("fc2_w", m[4].weight.detach().numpy().T, "<f4")
for p in (m[0].bias, m[2].bias, m[4].bias):
    assert not p.detach().any(), "the peer's biases are no longer zero; dump them too"
dump("order", torch.randperm(60000, generator=torch.Generator().manual_seed(seed)).numpy(), "<i4")
g["train"](m, torch.optim.SGD(m.parameters(), lr=0.05), g["xtr"], g["ytr"], 64, 1)
with open(os.path.join(out, "torch_acc"), "w") as f:
    f.write(f"{g['acc'](m, g['xte'], g['yte']) * 100:.2f}\n")
