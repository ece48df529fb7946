# t0070 - the ranking blend on a crafted corpus: quality and heat break ties
# between equal texts, heat -1 ranks like heat 0, no static part lifts a
# barely relevant article over a strongly relevant one, all-words matches
# come before partial ones, stopwords, --recent, --explain, and settings
# from flags and the config file.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$FIXTURES/ranking"
check_eq "the ranking fixtures index cleanly" "$?" 0
ids() { "$NSEARCH" --index "$INDEX" --json "$@" | json_get '" ".join(r["id"].rsplit("/",1)[1] for r in d["results"])'; }
field() { "$NSEARCH" --index "$INDEX" --json "$1" | json_get "$2"; }

check_eq "higher quality wins between equal texts" "$(ids crane)" "crane-high crane-low"
check_eq "hotter wins between equal texts; heat -1 ties with heat 0" \
    "$(ids ferry | cut -d' ' -f1)" "ferry-hot"
check_eq "heat -1 and heat 0 score the same" \
    "$(field ferry '[round(r["score"],12) for r in d["results"] if r["id"].endswith(("ferry-zero","ferry-unknown"))]' | python3 -c 'import json,sys; a=json.load(sys.stdin); print(len(a)==2 and a[0]==a[1])')" "True"
check_eq "heat -1 adds no heat part" \
    "$(field ferry '[r["heat_part"] for r in d["results"] if r["id"].endswith("ferry-unknown")][0]')" "0.0"
check_eq "quality 100 and heat 10^6 do not lift a barely relevant article" \
    "$(ids sheffield)" "steel-strong markets-weak"
check "the weak article really got the largest static parts" python3 -c '
import json, subprocess, sys
d = json.loads(subprocess.run(sys.argv[1:], capture_output=True, text=True).stdout)
weak, strong = d["results"][1], d["results"][0]
sys.exit(not (weak["quality_part"] > strong["quality_part"] and weak["heat_part"] > strong["heat_part"] > -1))' \
    "$NSEARCH" --index "$INDEX" --json sheffield

# Four words, one of which no article has: partial matches, not nothing.
out=$("$NSEARCH" --index "$INDEX" --json "council tram extension zeppelin")
check_eq "a rare extra word does not empty the page" "$(echo "$out" | json_get 'len(d["results"]) >= 2')" "True"
check_eq "partial matches are marked" "$(echo "$out" | json_get 'd["results"][0]["all_words"]')" "False"
out=$("$NSEARCH" --index "$INDEX" --json -n 20 "tram extension")
check_eq "all-words matches come before partial ones" \
    "$(echo "$out" | json_get '[r["all_words"] for r in d["results"]] == sorted([r["all_words"] for r in d["results"]], reverse=True)')" "True"

# Stopwords: "the" does not decide the ranking, but phrases keep it.
check_eq "stopwords are ignored in free text" "$(ids the ferry | cut -d' ' -f1)" "ferry-hot"
check_eq "a phrase with a stopword matches exactly" "$(ids '"the who"')" "who-band"
check_eq "the query 'the' alone still searches" "$("$NSEARCH" --index "$INDEX" the > /dev/null 2>&1; echo $?)" "0"

# Recency, with a fixed "now" (2026-11-26): the new tram story first.
export NSEARCH_NOW=1795651200
check_eq "--recent 7d puts the newer of equal articles first" "$(ids --recent 7d tram | cut -d' ' -f1)" "tram-new"
check "--recent: the old article keeps the floor, not zero" python3 -c '
import json, subprocess, sys
d = json.loads(subprocess.run(sys.argv[1:], capture_output=True, text=True).stdout)
parts = sorted(r["recency_part"] for r in d["results"])
sys.exit(not (0 < parts[0] < parts[-1]))' "$NSEARCH" --index "$INDEX" --json --recent 7d tram
check_eq "without --recent there is no recency part" \
    "$(field tram '[r["recency_part"] for r in d["results"]]')" "[0.0, 0.0]"
unset NSEARCH_NOW

explain=$("$NSEARCH" --index "$INDEX" --explain crane)
check_contains "--explain shows every part" "$explain" "score "
check_contains "--explain names relevance and quality" "$explain" "= relevance "
check_contains "--explain names heat" "$explain" "+ heat "

check_eq "--quality-weight 0 leaves equal texts tied" \
    "$("$NSEARCH" --index "$INDEX" --json --quality-weight 0 crane | json_get 'd["results"][0]["score"] == d["results"][1]["score"]')" "True"
mkdir -p "$XDG_DATA_HOME" "$SCRATCH/config/nsearch"
printf '# no quality\nquality_weight = 0\n' > "$SCRATCH/config/nsearch/config"
check_eq "the config file sets weights" \
    "$(XDG_CONFIG_HOME="$SCRATCH/config" "$NSEARCH" --index "$INDEX" --json crane | json_get 'd["results"][0]["quality_part"]')" "0.0"
check_eq "flags override the config file" \
    "$(XDG_CONFIG_HOME="$SCRATCH/config" "$NSEARCH" --index "$INDEX" --json --quality-weight 0.1 crane | json_get 'd["results"][0]["quality_part"] > 0')" "True"
printf 'quality_weight = lots\n' > "$SCRATCH/config/nsearch/config"
XDG_CONFIG_HOME="$SCRATCH/config" "$NSEARCH" --index "$INDEX" crane > /dev/null 2> "$SCRATCH/err"
check_eq "a bad config value is a usage error" "$?" 2
check_contains "a bad config value names file and line" "$(cat "$SCRATCH/err")" "config:1:"
"$NSEARCH" --index "$INDEX" --k1 -1 crane > /dev/null 2>&1
check_eq "a bad ranking flag is a usage error" "$?" 2
"$NSEARCH" --index "$INDEX" --recent soon crane > /dev/null 2>&1
check_eq "a bad half-life is a usage error" "$?" 2
finish
