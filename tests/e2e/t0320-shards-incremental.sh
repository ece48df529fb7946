# t0320 - an index split by nsearch-index --shards 2 stays what one
# database of the same articles is, run after run: each article in the
# shard FNV-1a 64 of its id picks, related coverage in its article's shard
# and never twice, a changed file updated in place, a file whose id
# changed moved to its new shard, a deleted file removed from the shard
# holding it, a run killed between two shards' commits repaired by the
# next; runs with another split (or none) refused, --rebuild re-splitting
# or joining it.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
. tests/e2e/lib-shards.sh
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 40
mkdir -p "$SCRATCH/data" "$SCRATCH/one"
SH="$SCRATCH/data/index"   # split into shards
ONE="$SCRATCH/one/index"   # one database, given the same runs

a0=$(url_in_shard https://example.org/mover 0 2)
a1=$(url_in_shard https://example.org/mover 1 2)
p0=$(url_in_shard https://example.org/strike 0 2)
p1=$(url_in_shard https://example.org/strike-spreads 1 2)
own=$(url_in_shard https://example.org/own 0 2)
citing=$(url_in_shard https://example.org/citing 1 2)
x=https://example.net/harbour-coverage
write_article "$NEWS/m-mover.txt" "Mover story" "$a0"
# Coverage x listed by articles of both shards; one database keeps the
# copy of the article indexed last (path order): s2's.
write_article "$NEWS/s1-strike.txt" "Harbour strike" "$p0" "$x"
write_article "$NEWS/s2-strike.txt" "Harbour strike spreads" "$p1" "$x"
# Coverage whose URL is another article's own id: the article wins.
write_article "$NEWS/o-own.txt" "Own article" "$own"
write_article "$NEWS/c-citing.txt" "Citing article" "$citing" "$own"

one_run() { "$NSEARCH_INDEX_TOOL" -q --index "$ONE" "$@" > /dev/null 2>&1; }
split_run() { "$NSEARCH_INDEX_TOOL" --shards 2 --index "$SH" "$@" 2>&1; }
# Document for document, leaving out the file stamps' slot (16), whose
# "racy" flag depends on how soon after its last change a file was read.
docs() { fingerprint "$1" | sed 's/ 16:.*//'; }
same_as_one() { test "$(docs "$SH")" = "$(docs "$ONE")"; }

one_run "$NEWS"
out=$(split_run "$NEWS")
check_eq "a first run with --shards 2: exit 0" "$?" 0
check_contains "... says the index has 2 shards" "$out" ", 2 shards)"
check_eq "the index is a stub listing the two shards of generation 1" "$(cat "$SH")" \
    "$(printf 'auto index.gen-1/shard-0\nauto index.gen-1/shard-1')"
check_eq "each shard has a stub of its own beside it" "$(cat "$SH.shard-1")" "auto index.gen-1/shard-1"
check "the shards hold what one database of the same files holds, document for document" same_as_one
check "an article is in the shard FNV-1a 64 of its id picks" shard_has "$SH" 0 "$a0"
check "... and only there" lacks_doc "$SH.shard-1" "$a0"
check "... on both sides" shard_has "$SH" 1 "$p1"
check "coverage listed in both shards is one document, in the shard of the article indexed last" \
    shard_has "$SH" 1 "$x"
check "... not also in the other shard" lacks_doc "$SH.shard-0" "$x"
check "coverage with another article's id leaves that article alone, in its shard" shard_has "$SH" 0 "$own"
check "... and makes no copy in the citing article's shard" lacks_doc "$SH.shard-1" "$own"
check_eq "one search over the shards finds the story with its coverage folded" \
    "$("$NSEARCH" --index "$SH" --json '"harbour strike spreads"' | json_get 'd["results"][0]["more"]')" \
    "$("$NSEARCH" --index "$ONE" --json '"harbour strike spreads"' | json_get 'd["results"][0]["more"]')"

out=$(split_run "$NEWS")
check_contains "a run where nothing changed reads nothing" "$out" "0 indexed, 52 unchanged"

# A changed file whose id stays: updated in its shard.
echo "More arrivals." >> "$NEWS/bahia-cocoa.txt"
cocoa=$(realpath "$NEWS/bahia-cocoa.txt")
one_run "$NEWS"
out=$(split_run "$NEWS")
check_contains "a changed file is indexed again" "$out" "1 indexed, 51 unchanged"
check "... in the shard of its id (its path)" shard_has "$SH" "$(shard_of "$cocoa" 2)" "$cocoa"
check "... as one database has it" same_as_one

# A file whose id changes shard: moved.
sed -i "s|$a0|$a1|" "$NEWS/m-mover.txt"
one_run "$NEWS"
out=$(split_run "$NEWS")
check_contains "a file whose id changed is indexed again" "$out" "1 indexed, 51 unchanged"
check "... its article is now in the shard of its new id" shard_has "$SH" 1 "$a1"
check "... and gone from its old shard" lacks_doc "$SH.shard-0" "$a0"
check "... as one database has it" same_as_one

# The article that owns shared coverage is deleted: the coverage goes
# with it (as in one database), and comes back when the other article is
# indexed again, into that article's shard.
rm "$NEWS/s2-strike.txt"
one_run "$NEWS"
out=$(split_run "$NEWS")
check_contains "a deleted file is removed" "$out" "0 indexed, 51 unchanged, 0 skipped, 1 removed"
check "... from the shard that held it" lacks_doc "$SH.shard-1" "$p1"
check "... with the coverage it owned" lacks_doc "$SH.shard-1" "$x"
check "... as one database has it" same_as_one
echo "Update." >> "$NEWS/s1-strike.txt"
one_run "$NEWS"
split_run "$NEWS" > /dev/null
check "the other article indexed again brings the coverage into its own shard" shard_has "$SH" 0 "$x"
check "... as one database has it" same_as_one

# A new file.
fresh=$(url_in_shard https://example.org/fresh 1 2)
write_article "$NEWS/f-fresh.txt" "Fresh article" "$fresh" "$x"
one_run "$NEWS"
out=$(split_run "$NEWS")
check_contains "a new file is added" "$out" "1 indexed, 51 unchanged"
check "... into the shard of its id" shard_has "$SH" 1 "$fresh"
check "... taking the shared coverage over from the other shard, as one database does" \
    lacks_doc "$SH.shard-0" "$x"
check "... as one database has it" same_as_one

# Killed between the two shards' commits while an article moves from
# shard 1 to shard 0: it is in both; the next run repairs it.
sed -i "s|$a1|$a0|" "$NEWS/m-mover.txt"
NSEARCH_TEST_KILL_AT=shard-committed "$NSEARCH_INDEX_TOOL" --shards 2 --index "$SH" "$NEWS" > /dev/null 2>&1
check_eq "a run killed after shard 0's commit dies by SIGKILL" "$?" 137
check "... the moved article is in shard 0 (committed)" shard_has "$SH" 0 "$a0"
check "... and still in shard 1 (not committed)" shard_has "$SH" 1 "$a1"
one_run "$NEWS"
out=$(split_run "$NEWS")
check_contains "the next run reads that file again" "$out" "1 indexed, 51 unchanged"
check "... and removes it from the shard it left" lacks_doc "$SH.shard-1" "$a1"
check "... ending as one database does" same_as_one
# The other way (shard 0 to shard 1): in neither until the next run.
sed -i "s|$a0|$a1|" "$NEWS/m-mover.txt"
NSEARCH_TEST_KILL_AT=shard-committed "$NSEARCH_INDEX_TOOL" --shards 2 --index "$SH" "$NEWS" > /dev/null 2>&1
check "killed moving an article from shard 0 to 1: gone from shard 0" lacks_doc "$SH.shard-0" "$a0"
check "... not yet in shard 1" lacks_doc "$SH.shard-1" "$a1"
one_run "$NEWS"
split_run "$NEWS" > /dev/null
check "the next run puts it in shard 1" shard_has "$SH" 1 "$a1"
check "... ending as one database does" same_as_one

# Another split, or none, is refused and writes nothing.
# refused DESCRIPTION MESSAGE ARGS...: the indexer run with ARGS exits 2
# and says MESSAGE.
refused() {
    _desc=$1 _message=$2
    shift 2
    "$NSEARCH_INDEX_TOOL" "$@" "$NEWS" > /dev/null 2> "$SCRATCH/err"
    check_eq "$_desc: exit 2" "$?" 2
    check_contains "... saying so" "$(cat "$SCRATCH/err")" "$_message"
}
before=$(fingerprint "$SH")
refused "a run without --shards on a split index" "is split into 2 shards: give --shards 2" \
    --index "$SH"
refused "a run with --shards 3 on an index of 2 (to re-split: --rebuild)" \
    "not 3: give --shards 2 to update it, or --rebuild --shards 3" --shards 3 --index "$SH"
refused "--shards 2 on one database (even a dry run)" "is one index, not split into shards" \
    --shards 2 --dry-run --index "$ONE"
refused "one shard indexed as if it were a whole index" "is shard 0 of an index split into 2" \
    --index "$SH.shard-0"
refused "... or split as if it were an index of its own" "cannot be split into shards" \
    --shards 2 --index "$SH.shard-0"
check_eq "none of these changed the index" "$(fingerprint "$SH")" "$before"
rm -f "$SH.shard-0.lock" # the lock that last refused run took, kept by design

# --rebuild re-splits (3 shards), or joins (one database), as a full build
# of the files: compared with a rebuild of the one database (incremental
# runs let shared coverage follow the article indexed last, a full build
# the last in path order).
one_run --rebuild "$NEWS"
out=$("$NSEARCH_INDEX_TOOL" --rebuild --shards 3 --index "$SH" "$NEWS" 2>&1)
check_eq "--rebuild --shards 3: exit 0" "$?" 0
check_eq "... the stub lists three shards of the new generation" "$(cat "$SH")" \
    "$(printf 'auto index.gen-2/shard-0\nauto index.gen-2/shard-1\nauto index.gen-2/shard-2')"
check "... each article in the shard of its id among 3" shard_has "$SH" "$(shard_of "$a1" 3)" "$a1"
check "... holding what one database does" same_as_one
"$NSEARCH_INDEX_TOOL" -q --rebuild --index "$SH" "$NEWS"
check_eq "--rebuild without --shards makes it one database again" "$(cat "$SH")" "auto index.gen-3"
check_eq "... and removes the split generation and the shards' stubs" \
    "$(ls "$SCRATCH/data" | tr '\n' ' ')" "index index.gen-3 index.lock "
check "... holding what one database does" same_as_one
finish
