#!/usr/bin/env python3
"""trec_score.py - scores a TREC run file against TREC qrels.

Usage: trec_score.py QRELS RUN [RUN...]

Prints, for each run, nDCG@10, MAP@100, P@10 and R@100 averaged over every
query that has at least one relevant document in the qrels (a query the run
never answered scores 0, as trec_eval does with -c).  Definitions follow
trec_eval: nDCG uses linear gains (the qrels' grade) and a log2(rank + 1)
discount, the ideal ranking being the qrels' grades sorted; a document is
relevant for MAP, P and R when its grade is above 0.
"""
import math
import sys
from collections import defaultdict


def read_qrels(path):
    qrels = defaultdict(dict)
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 4:
                continue
            qid, _, docid, grade = parts
            qrels[qid][docid] = int(grade)
    return qrels


def read_run(path):
    ranked = defaultdict(list)
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 6:
                continue
            qid, _, docid, rank, score = parts[:5]
            ranked[qid].append((int(rank), -float(score), docid))
    return {q: [d for _, _, d in sorted(v)] for q, v in ranked.items()}


def ndcg(ranking, grades, k):
    dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def average_precision(ranking, relevant, k):
    hits, total = 0, 0.0
    for i, d in enumerate(ranking[:k]):
        if d in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant)


def score(qrels, run):
    sums = defaultdict(float)
    n = 0
    for qid, grades in qrels.items():
        relevant = {d for d, g in grades.items() if g > 0}
        if not relevant:
            continue
        n += 1
        ranking = run.get(qid, [])
        sums["nDCG@10"] += ndcg(ranking, grades, 10)
        sums["MAP@100"] += average_precision(ranking, relevant, 100)
        sums["P@10"] += sum(d in relevant for d in ranking[:10]) / 10
        sums["R@100"] += sum(d in relevant for d in ranking[:100]) / len(relevant)
    return {m: v / n for m, v in sums.items()}, n


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    qrels = read_qrels(argv[1])
    print(f"{'run':32} {'nDCG@10':>8} {'MAP@100':>8} {'P@10':>8} {'R@100':>8} queries")
    for path in argv[2:]:
        metrics, n = score(qrels, read_run(path))
        name = path.rsplit("/", 1)[-1]
        print(f"{name:32} {metrics['nDCG@10']:8.4f} {metrics['MAP@100']:8.4f} "
              f"{metrics['P@10']:8.4f} {metrics['R@100']:8.4f} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
