# t0030 - the opaque `secured` field is never indexed, stored or printed.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
SEED="$FIXTURES/news/lapd-facial-recognition.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SEED"
check_eq "the seed indexes cleanly" "$?" 0

secured=$(sed -n 's/^secured: "\(.*\)"$/\1/p' "$SEED")
check "the fixture has a secured value to look for" test -n "$secured"
# Pieces of the ciphertext as a tokenizer would see them.
for token in 7X89WuASKc6 cdS25izT0u3TtiBavF1Zy5W3A1UFfVKczVAp0PQTeTg6Rp1EXIjRHeDU4iRANc4SXPVnSzagTUDMUhwuGG6 TlN1Z6mcSFZXj0MyWWv7Lw; do
    "$NSEARCH" --index "$INDEX" "$token" > /dev/null 2>&1
    check_eq "secured token $token is not findable" "$?" 1
done
all=$("$NSEARCH" --index "$INDEX" --json -n 100 lapd)
check_lacks "JSON output never shows secured" "$all" "7X89WuASKc6"
text=$("$NSEARCH" --index "$INDEX" --explain -n 100 lapd)
check_lacks "text output never shows secured" "$text" "7X89WuASKc6"
# Terms and stored data, straight from Xapian's own inspection tool.
if command -v xapian-delve > /dev/null; then
    terms=$(xapian-delve -a "$INDEX" | tr 'A-Z' 'a-z')
    check_lacks "no term comes from secured" "$terms" "7x89wuaskc6"
    check_lacks "no term comes from secured (tail)" "$terms" "tln1z6mcsfzxj0mywwv7lw"
    data=$(for id in 1 2 3 4; do xapian-delve -r "$id" -d "$INDEX"; done 2>&1)
    check_lacks "no stored document data holds secured" "$data" "7X89WuASKc6"
    check_contains "stored data is really inspected" "$data" "LAPD"
fi
finish
