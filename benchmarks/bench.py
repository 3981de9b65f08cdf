"""govtext benchmarks: each prints ratios against a baseline measured in the same run.

    python benchmarks/bench.py all            # everything (a few minutes on 2 cores)
    python benchmarks/bench.py throughput     # vs the naive pipeline and vs raw segmentation
    python benchmarks/bench.py startup        # `govtext classify` on one sentence vs importing sklearn
    python benchmarks/bench.py scaling        # classify_many with n_jobs = 1, 2, 4, ... (up to the cores)
    python benchmarks/bench.py memory         # peak memory while classifying a 200 MB stream
    python benchmarks/bench.py training       # training time for 1k, 10k and 100k sentences
    python benchmarks/bench.py logitsum       # summing logits in numpy vs one sparse product, by batch size

Text is real: the two seed articles and the corpus sentences, repeated to the size wanted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govtext  # noqa: E402
from govtext import segment  # noqa: E402
from govtext.batch import classify_many  # noqa: E402
from govtext.modelfile.loader import load_predictor  # noqa: E402


def corpus_sentences() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus").glob("*/*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return texts


def articles(megabytes: float) -> list[str]:
    """Articles of 40 sentences totalling *megabytes* of UTF-8, with no sentence twice in 100 articles.

    The two seed articles come first, once; then the corpus sentences, shuffled, laid out 40 to an
    article, again and again.  A sentence comes back only after the whole corpus has, so batches
    of articles hold no repeats for govtext's de-duplication of identical sentences to profit from.
    """
    import random

    pool = corpus_sentences()
    out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    size = sum(len(d.encode("utf-8")) for d in out)
    draw, queue = random.Random(0), []
    while size < megabytes * 1e6:
        if len(queue) < 40:
            queue += draw.sample(pool, len(pool))
        body, queue = "\n".join(queue[:40]), queue[40:]
        out.append(body)
        size += len(body.encode("utf-8"))
    return out


def once(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def use_engine(name: str) -> None:
    """Switch this process, and the worker processes started after it, to segmentation engine *name*."""
    from joblib.externals.loky import get_reusable_executor

    os.environ["GOVTEXT_SEGMENTER"] = "jieba" if name == "jieba" else "auto"
    segment._cutters.clear()
    get_reusable_executor().shutdown(wait=True)  # workers keep the environment they started with


def raw_segmentation(chunk: list[str]) -> int:
    cut = segment._cutter(())
    return sum(len(cut(s)) for s in chunk)


def machine() -> str:
    return f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


# -- throughput ---------------------------------------------------------------------------
def throughput(megabytes: float) -> None:
    import jieba
    from joblib import Parallel, delayed
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = articles(megabytes)
    sentences = [s.text for d in docs for s in govtext.split_sentences(d)]
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    sample = sentences[:1000]
    corpus = govtext.read_corpus(ROOT / "corpus" / "ningbo")
    jieba.setLogLevel(60)
    vectorizer = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None)
    unigram_model = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(corpus.texts), corpus.labels)
    bundled = govtext.load().pipeline_  # the bundled model's own scikit-learn pipeline ...
    word_vectorizer = bundled.named_steps["features"].transformer_list[0][1]
    jieba_tokenizer = segment._tokenizer(())  # ... segmenting with jieba whatever engine govtext uses
    word_vectorizer.tokenizer = lambda s: [t for t in jieba_tokenizer.lcut(s, HMM=False) if not t.isspace()]

    def naive_unigrams() -> None:
        for s in sample:
            unigram_model.predict(vectorizer.transform([s]))

    def naive_same_model() -> None:
        for s in sample:
            bundled.predict([s])

    cores = os.cpu_count() or 1
    rounds = 3
    print(f"text: {len(docs)} articles, {len(sentences)} sentences, {mb:.1f} MB; {machine()}")
    print(
        "naive pipelines, one sentence at a time: jieba.lcut + TfidfVectorizer (word unigrams) + "
        "LogisticRegression.predict; and the bundled model's own scikit-learn pipeline (same model)"
    )
    print(
        f"each row: {rounds} rounds of (naive, naive same model, govtext, raw segmentation) timed back to back; "
        "medians of the rates and of the per-round ratios"
    )
    print()
    print(
        "| engine | processes | govtext sentences/s | MB/s | naive sentences/s (unigrams, same model) "
        "| vs naive (word unigrams) | vs naive (same model) | raw segmentation sentences/s, same processes "
        "| govtext / raw segmentation |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for engine in ("jieba", "rjieba"):
        if engine == "rjieba" and not segment._rjieba_available():
            print("| rjieba | | not installed | | | | | | |")
            continue
        use_engine(engine)
        chunks = [sentences[i : i + 2000] for i in range(0, len(sentences), 2000)]
        for jobs in sorted({1, cores}):
            model = load_predictor() if jobs == 1 else "ningbo"  # by name: loaded once per worker

            def run(model: object = model, jobs: int = jobs) -> None:
                list(classify_many(docs, model, batch_size=64, n_jobs=jobs))  # type: ignore[arg-type]

            def raw(jobs: int = jobs, chunks: list[list[str]] = chunks) -> None:
                Parallel(n_jobs=jobs)(delayed(raw_segmentation)(c) for c in chunks)

            run(), raw()  # warm up: workers started, models and dictionaries loaded
            measured = [
                (
                    once(naive_unigrams) / len(sample),
                    once(naive_same_model) / len(sample),
                    once(run) / len(sentences),
                    once(raw) / len(sentences),
                )
                for _ in range(rounds)
            ]
            unigram, same, ours, segmentation = (statistics.median(column) for column in zip(*measured, strict=True))
            print(
                f"| {segment.engine_name()} | {jobs} | {1 / ours:,.0f} | "
                f"{mb / (ours * len(sentences)):.2f} | "
                f"{1 / unigram:,.0f}, {1 / same:,.0f} | "
                f"{statistics.median(u / o for u, _, o, _ in measured):.1f}x | "
                f"{statistics.median(s / o for _, s, o, _ in measured):.1f}x | {1 / segmentation:,.0f} | "
                f"{statistics.median(r / o for _, _, o, r in measured):.2f}x |",
                flush=True,
            )
    use_engine("auto")


# -- start-up -------------------------------------------------------------------------------
def startup(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "one.txt"
        one.write_text("项目争速是实现高质量发展的主要抓手。", encoding="utf-8")
        govtext_cmd = [sys.executable, "-m", "govtext", "classify", str(one)]
        sklearn_cmd = [sys.executable, "-c", "import sklearn.linear_model"]

        def wall(command: list[str]) -> float:
            _wall(command)  # warm caches
            return statistics.median(_wall(command) for _ in range(runs))

        base, ours = wall(sklearn_cmd), wall(govtext_cmd)
    print(f"start-up, median of {runs} runs; {machine()}")
    print(f"python -c 'import sklearn.linear_model': {base:.2f} s")
    print(f"govtext classify one-sentence file ({segment.engine_name()}): {ours:.2f} s")
    print(f"ratio: {ours / base:.2f}x (target <= 0.5x)")


# -- logit sums ------------------------------------------------------------------------------
def logitsum(rounds: int = 15) -> None:
    """The last step of scoring a batch, both ways, on the bundled ningbo model: where the numpy sum
    stops paying for the scipy.sparse import it saves (engine.features.SPARSE_PRODUCT_FROM)."""
    from govtext.engine import features

    predictor = load_predictor("ningbo")
    pool = corpus_sentences()
    import_cost = statistics.median(
        _wall([sys.executable, "-c", "import numpy, scipy.sparse"]) - _wall([sys.executable, "-c", "import numpy"])
        for _ in range(3)
    )
    print(f"logit sums, median of {rounds} rounds; {machine()}")
    print(f"importing scipy.sparse (after numpy): {import_cost * 1000:.0f} ms")
    print("| sentences | pairs | numpy (ms) | sparse product (ms) | numpy / sparse |")
    print("|---:|---:|---:|---:|---:|")
    for size in (1, 10, 100, 500, 2000):
        captured = _summing_inputs(predictor, pool[:size])
        dense = statistics.median(_time_all(features.summed_in_numpy, captured) for _ in range(rounds))
        sparse = statistics.median(_time_all(features.summed_as_sparse_product, captured) for _ in range(rounds))
        pairs = sum(len(args[0]) for args in captured)
        print(f"| {size:,} | {pairs:,} | {dense * 1000:.2f} | {sparse * 1000:.2f} | {dense / sparse:.2f}x |")


def _summing_inputs(predictor: Any, sentences: list[str]) -> list[tuple[Any, ...]]:
    """The arguments each summing call gets while *predictor* scores *sentences* (one per TF-IDF part)."""
    from govtext.engine import features

    captured: list[tuple[Any, ...]] = []
    summed_in_numpy, threshold = features.summed_in_numpy, features.SPARSE_PRODUCT_FROM

    def capture(*args: Any) -> Any:
        captured.append(args)
        return summed_in_numpy(*args)

    features.summed_in_numpy, features.SPARSE_PRODUCT_FROM = capture, 1 << 62  # type: ignore[assignment]
    try:
        predictor.predict_proba(sentences)
    finally:
        features.summed_in_numpy, features.SPARSE_PRODUCT_FROM = summed_in_numpy, threshold
    return captured


def _time_all(function: Callable[..., Any], calls: list[tuple[Any, ...]]) -> float:
    start = time.perf_counter()
    for args in calls:
        function(*args)
    return time.perf_counter() - start


def _wall(command: list[str]) -> float:
    """Seconds one run of *command* takes."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


# -- scaling ---------------------------------------------------------------------------------
def scaling(megabytes: float) -> None:
    docs = articles(megabytes)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(0, len(docs), 20):
            path = Path(folder) / f"{i:06d}.txt"
            path.write_text("\n".join(docs[i : i + 20]), encoding="utf-8")
            paths.append(path)
        cores = os.cpu_count() or 1
        levels = [n for n in (1, 2, 4, 8, 16) if n <= cores]
        rounds = 5
        use_engine("rjieba" if segment._rjieba_available() else "jieba")
        parent_cpu: dict[int, list[float]] = {n: [] for n in levels}

        def run(n: int) -> float:
            cpu = time.process_time()
            wall = once(lambda: sum(len(r) for r in classify_many(paths, n_jobs=n, batch_size=4)))
            parent_cpu[n].append((time.process_time() - cpu) / wall)
            return wall

        for n in levels:
            run(n)  # warm up: workers started, model loaded in each
        # Rounds of every level back to back; medians of times and of per-round speed-ups, so that a
        # slow spell of the (shared) machine hits all levels of a round alike.
        times = [[run(n) for n in levels] for _ in range(rounds)]
        print(
            f"scaling: {len(paths)} files, {megabytes:.0f} MB, {segment.engine_name()}, model by "
            f"name (loaded once per worker), median of {rounds} rounds; {machine()}"
        )
        print("| n_jobs | seconds | MB/s | speed-up vs n_jobs=1 | CPU used by the parent process (cores) |")
        print("|---|---|---|---|---|")
        for k, n in enumerate(levels):
            seconds = statistics.median(row[k] for row in times)
            speedup = statistics.median(row[0] / row[k] for row in times)
            share = statistics.median(parent_cpu[n])
            print(f"| {n} | {seconds:.2f} | {megabytes / seconds:.2f} | {speedup:.2f}x | {share:.2f} |")
    use_engine("auto")

    # The same orchestration with work that touches no memory to speak of: what joblib itself allows here.
    from joblib import Parallel, delayed

    def spin(jobs: int) -> float:
        tasks = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs")
        return once(lambda: sum(tasks(delayed(_spin)(1_000_000) for _ in range(80))))

    spin(max(levels))
    ratios = [spin(1) / spin(max(levels)) for _ in range(rounds)]
    print(
        f"reference: joblib, 80 pure-Python tasks of about 0.05 s, n_jobs={max(levels)} vs 1: "
        f"{statistics.median(ratios):.2f}x (median of {rounds} rounds)"
    )


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


# -- memory ----------------------------------------------------------------------------------
def memory(megabytes: float) -> None:
    """Peak RSS of children that classify a *megabytes* stream and a stream a tenth of that size,
    against a child that only loads the model: memory must not grow with the input."""
    code_base = "import govtext.modelfile.loader as p; m = p.load_predictor(); m.predict(['项目开工'])"

    def code_stream(size: float) -> str:
        return f"""
import sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from bench import articles
from govtext.batch import classify_many
from govtext.modelfile.loader import load_predictor
docs = articles(2)
def stream():
    size = 0
    while size < {size} * 1e6:
        for d in docs:
            size += len(d.encode('utf-8'))
            yield d
n = sum(len(r) for r in classify_many(stream(), load_predictor(), batch_size=64))
print(n)
"""

    def peak(code: str) -> tuple[float, str]:
        # VmHWM, not getrusage's ru_maxrss: on Linux a child's ru_maxrss starts from its parent's
        # (this benchmark process, already large), so it would hide the child's own peak.
        script = code + (
            "\nimport sys; print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0],"
            " file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
        return int(done.stderr.strip().splitlines()[-1]) / 1024, done.stdout.strip()

    base, _ = peak(code_base)
    small, _ = peak(code_stream(megabytes / 10))
    start = time.perf_counter()
    used, sentences = peak(code_stream(megabytes))
    seconds = time.perf_counter() - start
    print(
        f"memory: classify_many over a {megabytes:.0f} MB generator ({sentences} sentences, {seconds:.0f} s), "
        f"{machine()}"
    )
    print(
        f"peak RSS, model loaded only: {base:.0f} MB; classifying {megabytes / 10:.0f} MB: {small:.0f} MB; "
        f"classifying {megabytes:.0f} MB: {used:.0f} MB; {megabytes:.0f} MB vs {megabytes / 10:.0f} MB: "
        f"{used / small:.2f}x; vs the model alone: {used / base:.2f}x"
    )


# -- training -----------------------------------------------------------------------------------
def training(sizes: list[int]) -> None:
    from govtext import Classifier

    corpus = govtext.read_corpus(ROOT / "corpus" / "ningbo")
    texts, labels = corpus.texts, corpus.labels
    print(f"training time (word+char TF-IDF + logistic regression, ningbo labels); {machine()}")
    print("| sentences | seconds | seconds per 1k sentences | vs 1k |")
    print("|---|---|---|---|")
    base = None
    for size in sizes:
        # distinct sentences: repeat the corpus with a running number, as a bigger corpus would vary
        x = [f"{texts[i % len(texts)]}{i // len(texts) or ''}" for i in range(size)]
        y = [labels[i % len(labels)] for i in range(size)]
        start = time.perf_counter()
        Classifier(scheme="ningbo").fit(x, y)
        seconds = time.perf_counter() - start
        per = seconds / size * 1000
        base = base or per
        print(f"| {size:,} | {seconds:.1f} | {per:.2f} | {per / base:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("all", "throughput", "startup", "scaling", "memory", "training", "logitsum"))
    parser.add_argument("--mb", type=float, default=5.0, help="text size for throughput and scaling (MB)")
    parser.add_argument("--stream-mb", type=float, default=200.0, help="stream size for the memory benchmark (MB)")
    parser.add_argument("--train-sizes", default="1000,10000,100000")
    args = parser.parse_args()
    jobs: dict[str, Callable[[], None]] = {
        "throughput": lambda: throughput(args.mb),
        "startup": startup,
        "scaling": lambda: scaling(args.mb * 4),
        "memory": lambda: memory(args.stream_mb),
        "training": lambda: training([int(s) for s in args.train_sizes.split(",")]),
        "logitsum": logitsum,
    }
    for name, job in jobs.items():
        if args.what in (name, "all"):
            job()
            print()


if __name__ == "__main__":
    main()
