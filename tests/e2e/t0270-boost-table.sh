# t0270 - the packed boost table (shim/boost_table.h): searches read
# quality and heat from it, it follows every commit (an incremental run
# that changes an article's quality changes its part), and an index whose
# table is gone or wrong still ranks exactly as before, from the value
# slots.
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
check "the index holds a boost table" sh -c 'xapian-metadata get "$1" nsearch.boosts | head -c 8 | grep -q nsboost1' sh "$INDEX"

# A table that does not describe the index (here: none at all) is rebuilt
# from the values: the same numbers, so the same results and scores.
xapian-metadata set "$INDEX" nsearch.boosts ""
check_eq "without its table the index ranks the same (crane)" "$(scores crane)" "$crane"
check_eq "without its table the index ranks the same (ferry)" "$(scores ferry)" "$ferry"
check_eq "without its table the index ranks the same (tram extension)" "$(scores tram extension)" "$tram"
xapian-metadata set "$INDEX" nsearch.boosts "nsboost1 but not a table"
check_eq "with a broken table the index ranks the same" "$(scores tram extension)" "$tram"

# The next commit writes the table again, with the change it commits.
sed -i 's/^quality: 90$/quality: 5/' "$SCRATCH/articles/crane-high.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles"
check_eq "the incremental run succeeds" "$?" 0
check "the table is back after the commit" sh -c 'xapian-metadata get "$1" nsearch.boosts | head -c 8 | grep -q nsboost1' sh "$INDEX"
check "quality 90 -> 5 scales its part by 5/90, other articles untouched" python3 -c '
import sys
before = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in sys.argv[1].splitlines()}
after = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in sys.argv[2].splitlines()}
high_q_before, high_q_after = before["crane-high"][1], after["crane-high"][1]
ok = abs(high_q_after - high_q_before * 5 / 90) < 1e-9 * high_q_before
ok = ok and after["crane-low"] == before["crane-low"]
sys.exit(not ok)' "$crane" "$(scores crane)"
check_eq "and the lower-quality crane now ranks first" "$(scores crane | head -n 1 | cut -d' ' -f1)" "crane-low"
finish
