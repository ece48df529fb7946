# tests/e2e/lib-shards.sh - what the shard tests (t03NN) share on top of
# lib.sh and lib-lifecycle.sh: the shard an id goes to, computed here
# independently of the indexer from the documented rule (FNV-1a 64 of the
# id's bytes, mod N), and articles written to order.
#
# Source it after lib-lifecycle.sh.

# shard_of ID N: the shard nsearch-index --shards N must put ID in.
shard_of() {
    python3 - "$1" "$2" <<'PY'
import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode():
    h = ((h ^ b) * 0x100000001b3) % 2**64
print(h % int(sys.argv[2]))
PY
}

# url_in_shard PREFIX K N: the first URL PREFIX-1, PREFIX-2, ... that goes
# to shard K of N.
url_in_shard() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
prefix, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def shard(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) % 2**64
    return h % n
i = 1
while shard("%s-%d" % (prefix, i)) != k:
    i += 1
print("%s-%d" % (prefix, i))
PY
}

# write_article FILE TITLE URL [RELATED_URL...]: an article with that
# webUrl, whose related coverage lists each RELATED_URL (titled after it).
write_article() {
    _file=$1 _title=$2 _url=$3
    shift 3
    {
        printf -- '---\ntitle: "%s"\nexcerpt: "%s, as reported."\nwebUrl: "%s"\nquality: 50\n' \
            "$_title" "$_title" "$_url"
        if [ $# -gt 0 ]; then
            echo "related:"
            for _r in "$@"; do
                printf '  - title: "Coverage %s"\n    webUrl: "%s"\n    quality: 40\n' "${_r##*/}" "$_r"
            done
        fi
        printf -- '---\n%s in full.\n' "$_title"
    } > "$_file"
}

# shard_has INDEX K ID: shard K of the split index INDEX (through its
# INDEX.shard-K stub) holds a document with that id.
shard_has() {
    has_doc "$1.shard-$2" "$3"
}
