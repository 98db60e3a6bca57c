# Called by bench/same_start.sh with a copy of the PyTorch peer whose seeds read $SEED. Runs the
# peer's own seed-network workload ("seedfull": its model, optimizer, batch size and loop) and
# records, into DIR, the initial weights and biases in Lamina's layouts (little-endian float32),
# the batch order of its epoch (int32), and its test accuracy (DIR/torch_acc).
import os, sys
import numpy as np, torch

peer, out = sys.argv[1], sys.argv[2]
with open(peer) as f:
    source = f.read()
definitions, runs = source.split("\nwhich = ", 1)  # the peer's data, models and loops; its runs
g = {}
exec(definitions, g)
os.makedirs(out, exist_ok=True)
def dump(name, a, dtype): np.ascontiguousarray(a).astype(dtype).tofile(os.path.join(out, name))

models, orders = [], []
seed_net = g["seed_net"]
def recording_seed_net():
    m = seed_net()
    dump("conv_w", m[0].weight.detach().numpy(), "<f4")   # [4, 1, 3, 3], as Conv2D's kernel
    dump("conv_b", m[0].bias.detach().numpy(), "<f4")
    dump("fc1_w", m[2].weight.detach().numpy().T, "<f4")  # Dense keeps [inputs, units]
    dump("fc1_b", m[2].bias.detach().numpy(), "<f4")
    dump("fc2_w", m[4].weight.detach().numpy().T, "<f4")
    dump("fc2_b", m[4].bias.detach().numpy(), "<f4")
    models.append(m)
    return m
randperm = torch.randperm
def recording_randperm(*args, **kwargs):
    order = randperm(*args, **kwargs)
    orders.append(order.clone())
    return order
g["seed_net"], torch.randperm = recording_seed_net, recording_randperm
sys.argv = [peer, "seedfull"]
exec("which = " + runs, g)
assert len(models) == 1 and len(orders) == 1, "expected one model and one epoch from the peer"
dump("order", orders[0].numpy(), "<i4")
with open(os.path.join(out, "torch_acc"), "w") as f:
    f.write(f"{g['acc'](models[0], g['xte'], g['yte']) * 100:.2f}\n")
