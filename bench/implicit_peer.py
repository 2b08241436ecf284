"""Peer for bench/rec-eval-ml100k.ts: trains the `implicit` library's ALS on the exact split the
TypeScript eval uses and writes each held-out user's top-k; metrics are computed in TypeScript by
the same code. The venv comes from bench/setup-rec-peers.sh.
Usage: python bench/implicit_peer.py SPLIT_DIR K FACTORS REG ALPHA ITERATIONS [CG_STEPS] [THREADS]"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from implicit.cpu.als import AlternatingLeastSquares  # noqa: E402


def load(path, rows):
    data = np.loadtxt(path, delimiter=",", dtype=np.int64, ndmin=2)
    return sp.csr_matrix((np.ones(len(data), dtype=np.float32), (data[:, 0], data[:, 1])), shape=(rows, ITEMS))


split_dir, k, factors, reg, alpha, iterations = sys.argv[1:7]
cg_steps = int(sys.argv[7]) if len(sys.argv) > 7 else 3
threads = int(sys.argv[8]) if len(sys.argv) > 8 else 0
meta = json.load(open(os.path.join(split_dir, "meta.json")))
ITEMS = meta["items"]
train = load(os.path.join(split_dir, "train.csv"), meta["users"])
history = load(os.path.join(split_dir, "history.csv"), meta["testUsers"])
train.data[:] = 1.0
history.data[:] = 1.0
model = AlternatingLeastSquares(factors=int(factors), regularization=float(reg), alpha=float(alpha),
                                iterations=int(iterations), num_threads=threads,
                                random_state=42, calculate_training_loss=False)
model.cg_steps = cg_steps  # an attribute, not a constructor argument, in implicit 0.7
started = time.perf_counter()
cpu_started = time.process_time()  # all threads of this process
model.fit(train, show_progress=False)
train_ms = (time.perf_counter() - started) * 1000
train_cpu_ms = (time.process_time() - cpu_started) * 1000
ids, _ = model.recommend(np.arange(meta["testUsers"]), history, N=int(k), filter_already_liked_items=True,
                         recalculate_user=True)
print(json.dumps({"trainMs": round(train_ms), "trainCpuMs": round(train_cpu_ms), "topK": ids.tolist()}))
