# tests/e2e/lib.sh - what every end-to-end script shares: paths to the
# tools, a private scratch directory, and assertions that count.
#
# Each script sources this file, runs checks, and ends with `finish`, which
# hands "passed failed" to tests/run through $RESULT_FILE.
set -u
TOP=$(pwd)
BUILD=${BUILD:-build}
NSEARCH="$TOP/$BUILD/nsearch"
NSEARCH_INDEX_TOOL="$TOP/$BUILD/nsearch-index"
FIXTURES="$TOP/tests/fixtures"
SHARED="$TOP/../shared"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/nsearch-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
# The tests must not depend on the caller's index or terminal.
unset NSEARCH_INDEX NO_COLOR
export HOME="$SCRATCH/home" XDG_DATA_HOME="$SCRATCH/xdg"
_passed=0
_failed=0

ok() { _passed=$((_passed + 1)); echo "ok - $1"; }
not_ok() { _failed=$((_failed + 1)); echo "not ok - $1"; }

# check DESCRIPTION COMMAND... : passes when COMMAND succeeds.
check() {
    _desc=$1; shift
    if "$@"; then ok "$_desc"; else not_ok "$_desc"; fi
}

# check_eq DESCRIPTION ACTUAL EXPECTED
check_eq() {
    if [ "$2" = "$3" ]; then ok "$1"
    else not_ok "$1"; printf '#   expected: %s\n#   actual:   %s\n' "$3" "$2"; fi
}

# check_contains DESCRIPTION HAYSTACK NEEDLE
check_contains() {
    case "$2" in
    *"$3"*) ok "$1" ;;
    *) not_ok "$1"; printf '#   wanted: %s\n#   in: %s\n' "$3" "$2" ;;
    esac
}

# check_lacks DESCRIPTION HAYSTACK NEEDLE
check_lacks() {
    case "$2" in
    *"$3"*) not_ok "$1"; printf '#   unwanted: %s\n' "$3" ;;
    *) ok "$1" ;;
    esac
}

# json_field FILTER < json : prints a value picked by a Python expression
# over the parsed object `d` (python3's json module validates the output).
json_get() {
    python3 -c 'import json,sys; d=json.load(sys.stdin); r=eval(sys.argv[1]); print(r if not isinstance(r,(list,dict)) else json.dumps(r))' "$1"
}

# json_pages [KEY...] < output : the pages of `nsearch --queries --format
# json` (one object per query, back to back) as one compact object a line,
# keys sorted, without the KEYs named.
json_pages() {
    python3 -c '
import json, sys
text, decoder, at = sys.stdin.read(), json.JSONDecoder(), 0
while True:
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text):
        break
    page, at = decoder.raw_decode(text, at)
    for key in sys.argv[1:]:
        page.pop(key)
    print(json.dumps(page, sort_keys=True))' "$@"
}

finish() {
    echo "$_passed $_failed" > "${RESULT_FILE:-/dev/null}"
    echo "# $_passed passed, $_failed failed"
}
