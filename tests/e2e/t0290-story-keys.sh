# t0290 - story keys (SLOT_STORY_KEY): only the documents of a story that
# can have several (an article with related coverage, and that coverage)
# carry one, as a 16-byte hash of the story key, so the matcher reads no key for a lone article; stories still
# collapse into one line with "+N more", and an incremental run that drops
# or restores an article's coverage drops or restores its key; "+N more"
# counts members the matcher never scored.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
cp -R "$FIXTURES/news" "$SCRATCH/articles"
LAPD="$SCRATCH/articles/lapd-facial-recognition.txt"
STORY="https://threatpost.com/lapd-facial-recognition-privacy-concerns/161364/"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles"
check_eq "the news fixtures index cleanly" "$?" 0

# keys: the distinct values in slot 5 (in hex), then how many documents
# have one.  xapian-delve prints a value's bytes as \xHH or as text.
keys() {
    xapian-delve -1 -V5 "$INDEX" | python3 -c '
import collections, re, sys
count = collections.Counter()
for line in sys.stdin.read().splitlines()[1:]:
    value = line.split(":", 1)[1]
    raw = b"".join(bytes([int(m[2:], 16)]) if m.startswith("\\x") else m.encode()
                   for m in re.findall(r"\\x[0-9a-f]{2}|.", value))
    count[raw.hex()] += 1
print("\n".join("%s x%d" % kv for kv in sorted(count.items())))'
}
# The collapse key the schema documents (schema.h): two 64-bit FNV-1a
# hashes of the story key, one forward, one backward, big-endian.
collapse_key() {
    python3 -c '
import sys
key = sys.argv[1].encode()
def fnv(data, h):
    for c in data:
        h = ((h ^ c) * 0x100000001b3) % 2**64
    return h
a = fnv(key, 0xcbf29ce484222325)
b = fnv(reversed(key), 0x84222325cbf29ce4 ^ len(key))
print(a.to_bytes(8, "big").hex() + b.to_bytes(8, "big").hex())' "$1"
}
KEY=$(collapse_key "$STORY")
documents() { xapian-delve "$INDEX" | sed -n 's/^number of documents = //p'; }

check_eq "the index holds the 7 articles and the LAPD story's 3 related" "$(documents)" 10
check_eq "only the LAPD story's 4 documents carry a key, all its own (16 bytes, not the URL)" \
    "$(keys)" "$KEY x4"

story_line() {
    "$NSEARCH" --index "$INDEX" --json "facial recognition" | json_get \
        '" ".join("%s+%d" % (r["story"].rstrip("/").rsplit("/", 1)[1], r["more"]) for r in d["results"])'
}
check_eq "the story still collapses into one line with +3 more, lone articles have +0" \
    "$(story_line)" "161364+3 infant-facial-expressions+0 voice-recognition-accents+0"
all=$("$NSEARCH" --index "$INDEX" --all --json "facial recognition" | json_get 'len(d["results"])')
check_eq "--all lists the story's 4 documents one by one" "$all" 6

# Coverage dropped: the article is rewritten without it, its related
# documents go, and so does its key.
python3 - "$LAPD" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
head, rest = text.split("\nrelated:\n", 1)
# The related list ends at the next top-level key or the front matter's end.
lines = rest.split("\n")
i = 0
while i < len(lines) and (lines[i].startswith(" ") or lines[i] == ""):
    i += 1
open(path + ".new", "w", encoding="utf-8").write(head + "\n" + "\n".join(lines[i:]))
PY
cp "$LAPD" "$SCRATCH/lapd-with-related"
mv "$LAPD.new" "$LAPD"
touch -d '+1 minute' "$LAPD"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles"
check_eq "the run without coverage succeeds" "$?" 0
check_eq "the related documents are gone" "$(documents)" 7
check_eq "and no document carries a story key" "$(keys)" ""
check_eq "every result is its own story" "$(story_line | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "161364+0 infant-facial-expressions+0 voice-recognition-accents+0 "

cp "$SCRATCH/lapd-with-related" "$LAPD"
touch -d '+2 minutes' "$LAPD"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles"
check_eq "coverage restored: the key and the +3 come back" "$(keys) $(story_line)" \
    "$KEY x4 161364+3 infant-facial-expressions+0 voice-recognition-accents+0"

# "+N more" counts the story's members even when the matcher passed over
# them: the lone foal article (docid 1) fills the one-result page, the
# crossing article displaces it and raises the minimum weight, so its
# weaker related coverage is never scored - the collapse count says 0.
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/pruned" "$FIXTURES/story-pruned"
check_eq "the pruned-story fixtures index cleanly" "$?" 0
check_eq "the story's weaker member still counts: +1 more from the other outlet" \
    "$("$NSEARCH" --index "$SCRATCH/pruned" --limit 1 --json zebra |
        json_get '"%s +%d %s" % (d["results"][0]["url"], d["results"][0]["more"], d["results"][0]["more_providers"])')" \
    "https://example.com/zebra-crossing +1 Other Outlet"
finish
