# t0140 - killed at any moment, the index stays searchable and a re-run
# converges on exactly what an uninterrupted run produces (notmuch's
# atomicity test, adapted): the indexer commits after every change and is
# SIGKILLed right after commit 1, 2, 3, ... until a run completes, then
# re-run; the result is compared with an uninterrupted run document by
# document (terms and values, see fingerprint) and by search results.
# Also: kills during a first build, kills of a re-run, kills during a
# --rebuild, and kills at arbitrary moments (timed, so possibly inside a
# commit).
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 33
touch -d '2020-01-01 12:00' "$NEWS"/*
# The ids each of these queries finds (one python for all: it is run after
# every kill).
answers() {
    python3 - "$NSEARCH" "$1" cocoa police recognition election crane <<'PY'
import json, subprocess, sys
nsearch, index = sys.argv[1], sys.argv[2]
for q in sys.argv[3:]:
    r = subprocess.run([nsearch, "--index", index, "--json", "-n", "100", q], capture_output=True)
    ids = sorted(h["id"] for h in json.loads(r.stdout or b'{"results": []}')["results"])
    print(q, r.returncode, ids)
PY
}
index() { "$NSEARCH_INDEX_TOOL" -q --index "$@" 2> /dev/null; }
kill_after() { # N INDEX ARGS...: run with a commit per change, killed after commit N
    _n=$1
    shift
    NSEARCH_TEST_DOCS_PER_COMMIT=1 NSEARCH_TEST_KILL_AFTER_COMMITS=$_n \
        "$NSEARCH_INDEX_TOOL" -q --index "$@" > /dev/null 2>&1
}

# ---- A first build, killed at many points -------------------------------
index "$SCRATCH/full0" "$NEWS"
FULL0=$(fingerprint "$SCRATCH/full0")
bad=0
for n in 1 2 3 5 8 13 21 34; do
    rm -rf "$SCRATCH/k" "$SCRATCH/k.lock"
    kill_after $n "$SCRATCH/k" "$NEWS"
    rc=$?
    [ $rc -eq 137 ] || { echo "# first build, kill after $n: exit $rc"; bad=$((bad + 1)); }
    index "$SCRATCH/k" "$NEWS"
    [ "$(fingerprint "$SCRATCH/k")" = "$FULL0" ] || { echo "# first build killed after commit $n does not converge"; bad=$((bad + 1)); }
done
check_eq "a first build killed after commit 1..34 converges when re-run" "$bad" 0
S0="$SCRATCH/s0"
cp -r "$SCRATCH/full0" "$S0"

# ---- The changes an incremental run has to make -------------------------
ls "$NEWS" | grep agnews | head -n 8 | while read -r f; do echo "Late correction." >> "$NEWS/$f"; done
echo "An update to the cocoa review." >> "$NEWS/bahia-cocoa.txt"
ls "$NEWS" | grep reuters | head -n 6 | while read -r f; do rm "$NEWS/$f"; done
rm "$NEWS/voice-recognition.md"
ls "$TOP/corpus/sample" | sed -n '101,108p' | while read -r f; do cp "$TOP/corpus/sample/$f" "$NEWS/$f"; done
mv "$NEWS/police-drones.txt" "$NEWS/drones.txt"           # identity: its URL
mv "$NEWS/no-url-draft.yml" "$NEWS/crane-draft.yml"       # identity: its path
ls "$NEWS" | grep agnews | tail -n 3 | while read -r f; do touch "$NEWS/$f"; done
python3 - "$NEWS/lapd-facial-recognition.txt" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(lines)
             if l.startswith("  - ") and any("hothardware.com/news" in x for x in lines[i:i + 5]))
end = next(i for i in range(start + 1, len(lines))
           if lines[i].startswith("  - ") or not lines[i].startswith("  "))
del lines[start:end]
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY

# Every change well in the past: no stamp is racy (a racy stamp records
# when a file was read, which would differ between the runs compared).
find "$NEWS" -newermt '2020-06-01' -exec touch -d '2021-06-01 12:00' {} +

# The uninterrupted incremental run, and a full build of the same files:
# the same index.
cp -r "$S0" "$SCRATCH/ref"
index "$SCRATCH/ref" "$NEWS"
check_eq "an uninterrupted incremental run is the exact result of a full build" \
    "$(fingerprint "$SCRATCH/ref")" "$(index "$SCRATCH/full1" "$NEWS"; fingerprint "$SCRATCH/full1")"
REF=$(fingerprint "$SCRATCH/ref")
REF_ANSWERS=$(answers "$SCRATCH/ref")

# ---- The incremental run, killed after every commit in turn -------------
points=0 unsearchable=0 diverged=0 wrong_answers=0 n=1
while [ $n -le 200 ]; do
    rm -rf "$SCRATCH/k" "$SCRATCH/k.lock"
    cp -r "$S0" "$SCRATCH/k"
    kill_after $n "$SCRATCH/k" "$NEWS"
    rc=$?
    [ $rc -eq 137 ] || break # no commit $n: the run completed
    points=$((points + 1))
    "$NSEARCH" --index "$SCRATCH/k" --json police > /dev/null 2>&1 ||
        { echo "# killed after commit $n: not searchable"; unsearchable=$((unsearchable + 1)); }
    index "$SCRATCH/k" "$NEWS"
    [ "$(fingerprint "$SCRATCH/k")" = "$REF" ] ||
        { echo "# killed after commit $n: the re-run does not converge"; diverged=$((diverged + 1)); }
    [ "$(answers "$SCRATCH/k")" = "$REF_ANSWERS" ] ||
        { echo "# killed after commit $n: other search results"; wrong_answers=$((wrong_answers + 1)); }
    n=$((n + 1))
done
echo "# the incremental run was killed at $points distinct commit points"
check "killed at 20 or more distinct commit points" test "$points" -ge 20
check_eq "... searchable after every kill" "$unsearchable" 0
check_eq "... every re-run converges on the uninterrupted run" "$diverged" 0
check_eq "... with the same search results" "$wrong_answers" 0

# ---- Killed twice: the re-run is killed too -----------------------------
rm -rf "$SCRATCH/k" "$SCRATCH/k.lock"
cp -r "$S0" "$SCRATCH/k"
kill_after 4 "$SCRATCH/k" "$NEWS"
kill_after 3 "$SCRATCH/k" "$NEWS"
kill_after 2 "$SCRATCH/k" "$NEWS"
index "$SCRATCH/k" "$NEWS"
check_eq "killed three times over, the fourth run converges" "$(fingerprint "$SCRATCH/k")" "$REF"

# ---- A --rebuild killed part way: the live index is untouched -----------
rm -rf "$SCRATCH/k" "$SCRATCH/k.lock"
cp -r "$S0" "$SCRATCH/k"
S0_PRINT=$(fingerprint "$S0")
bad=0
for n in 1 7 19; do
    NSEARCH_TEST_DOCS_PER_COMMIT=1 NSEARCH_TEST_KILL_AFTER_COMMITS=$n \
        "$NSEARCH_INDEX_TOOL" -q --rebuild --index "$SCRATCH/k" "$NEWS" > /dev/null 2>&1
    [ "$(fingerprint "$SCRATCH/k")" = "$S0_PRINT" ] || { echo "# rebuild killed after $n changed the live index"; bad=$((bad + 1)); }
done
check_eq "a rebuild killed after commit 1, 7, 19 leaves the live index as it was" "$bad" 0
index "$SCRATCH/k" --rebuild "$NEWS"
check_eq "... and the next rebuild gives the full build" "$(fingerprint "$SCRATCH/k")" "$REF"
check_eq "... leaving no generation behind but the live one" "$(ls -d "$SCRATCH"/k.gen-* | wc -l)" 1

# ---- Killed at arbitrary moments (maybe inside a commit) ----------------
bad=0
for delay in 0.01 0.03 0.05 0.08 0.12 0.17 0.23 0.3; do
    rm -rf "$SCRATCH/k" "$SCRATCH/k.lock"
    cp -r "$S0" "$SCRATCH/k"
    NSEARCH_TEST_DOCS_PER_COMMIT=2 "$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/k" "$NEWS" > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    "$NSEARCH" --index "$SCRATCH/k" --json police > /dev/null 2>&1 ||
        { echo "# killed after ${delay}s: not searchable"; bad=$((bad + 1)); }
    index "$SCRATCH/k" "$NEWS"
    [ "$(fingerprint "$SCRATCH/k")" = "$REF" ] || { echo "# killed after ${delay}s: no convergence"; bad=$((bad + 1)); }
done
check_eq "killed at 8 arbitrary moments: searchable, and every re-run converges" "$bad" 0
finish
