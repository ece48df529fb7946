# t0270 - the boost table file (shim/boost_table.h): searches read
# quality and heat from it, it follows every commit (an incremental run
# that changes an article's quality changes its part), and an index whose
# table is gone, broken or left from an older revision ranks exactly as
# it should, from the value slots.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
cp -R "$FIXTURES/ranking" "$SCRATCH/articles"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles"
check_eq "the ranking fixtures index cleanly" "$?" 0
# id score quality_part heat_part, one result a line, to 12 digits.
scores() {
    "$NSEARCH" --index "$INDEX" --json -n 20 "$@" | json_get '"\n".join("%s %.12g %.12g %.12g" % (r["id"].rsplit("/",1)[1], r["score"], r["quality_part"], r["heat_part"]) for r in d["results"])'
}
crane=$(scores crane)
ferry=$(scores ferry)
tram=$(scores tram extension)
TABLE="$INDEX/nsearch.boosts"
# describes DIR: the table in DIR (or the generation its stub names) names
# the database there as it is now
# (UUID, revision, highest docid and document count, as xapian-delve says).
describes() {
    python3 -c '
import os, struct, subprocess, sys
dir = sys.argv[1]
if os.path.isfile(dir):  # a stub naming the generation: "auto NAME"
    dir = os.path.join(os.path.dirname(dir), open(dir).read().split()[1])
info = dict(l.split(" = ", 1) for l in subprocess.run(["xapian-delve", dir], capture_output=True, text=True).stdout.splitlines() if " = " in l)
t = open(dir + "/nsearch.boosts", "rb").read()
rev, last, count = struct.unpack_from("<III", t, 48)
ok = (t[:8] == b"nsboost3" and t[8:44].decode() == info["UUID"] and rev == int(info["revision"])
      and last == int(info["highest document id ever used"]) and count == int(info["number of documents"])
      and len(t) == 64 + 4 * last)
sys.exit(not ok)' "$1"
}
check "the index holds a boost table that describes it" describes "$INDEX"

# A table that does not describe the index (here: none at all) is rebuilt
# from the values: the same numbers, so the same results and scores.
cp "$TABLE" "$SCRATCH/old-table"
rm "$TABLE"
check_eq "without its table the index ranks the same (crane)" "$(scores crane)" "$crane"
check_eq "without its table the index ranks the same (ferry)" "$(scores ferry)" "$ferry"
check_eq "without its table the index ranks the same (tram extension)" "$(scores tram extension)" "$tram"
printf 'nsboost3 but not a table' > "$TABLE"
check_eq "with a broken table the index ranks the same" "$(scores tram extension)" "$tram"
head -c 64 "$SCRATCH/old-table" > "$TABLE"
check_eq "with a truncated table the index ranks the same" "$(scores tram extension)" "$tram"
cp "$SCRATCH/old-table" "$TABLE"
check_eq "with its table back it ranks the same" "$(scores crane)" "$crane"

# The next commit writes the table again, with the change it commits.
sed -i 's/^quality: 90$/quality: 5/' "$SCRATCH/articles/crane-high.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles"
check_eq "the incremental run succeeds" "$?" 0
check "the commit wrote a table that describes the index again" describes "$INDEX"
check "quality 90 -> 5 scales its part by 5/90, other articles untouched" python3 -c '
import sys
before = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in sys.argv[1].splitlines()}
after = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in sys.argv[2].splitlines()}
high_q_before, high_q_after = before["crane-high"][1], after["crane-high"][1]
ok = abs(high_q_after - high_q_before * 5 / 90) < 1e-9 * high_q_before
ok = ok and after["crane-low"] == before["crane-low"]
sys.exit(not ok)' "$crane" "$(scores crane)"
new_crane=$(scores crane)
check_eq "and the lower-quality crane now ranks first" "${new_crane%% *}" "crane-low"
# The table of the previous revision does not describe this one: unused.
cp "$SCRATCH/old-table" "$TABLE"
check_eq "a table left from an older revision is not used" "$(scores crane)" "$new_crane"

# A --jobs 2 build merges two temporary shards with Xapian's compactor; the
# merged database gets a table of its own, and ranks like the one above.
"$NSEARCH_INDEX_TOOL" -q --jobs 2 --index "$SCRATCH/merged" "$SCRATCH/articles"
check_eq "the --jobs 2 build succeeds" "$?" 0
check "the merged index has a table that describes it" describes "$SCRATCH/merged"
check_eq "and ranks like the single-process build" \
    "$(INDEX="$SCRATCH/merged" scores crane)" "$new_crane"
# That index is a stub naming its generation: the next incremental run
# writes the table into the generation's directory, not beside the stub.
sed -i 's/^quality: 5$/quality: 60/' "$SCRATCH/articles/crane-high.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/merged" "$SCRATCH/articles"
check_eq "an incremental run on the merged index succeeds" "$?" 0
check "... and its commit wrote the generation's table again" describes "$SCRATCH/merged"
check "... which ranks the same as the value slots" test \
    "$(INDEX="$SCRATCH/merged" scores crane)" = \
    "$(mv "$SCRATCH/merged.gen-1/nsearch.boosts" "$SCRATCH/t"; INDEX="$SCRATCH/merged" scores crane; mv "$SCRATCH/t" "$SCRATCH/merged.gen-1/nsearch.boosts")"
finish
