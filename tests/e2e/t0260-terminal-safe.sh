# t0260 - nothing a hostile corpus holds reaches the terminal as a control
# sequence.  Article text is cleaned when indexed (t0200); a file name
# cannot be, and the text view prints the path of an article without a
# URL: its control characters (ESC ] 0 ; ... BEL sets the window title, a
# raw 0x9B byte is CSI on 8-bit terminals) must be shown as '?'.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
mkdir "$SCRATCH/a"
ESC=$(printf '\033') BEL=$(printf '\007') CSI8=$(printf '\233')
name="osc${ESC}]0;owned${BEL}-csi${CSI8}2J.txt"
printf -- '---\ntitle: Escaping zebra\n---\nA file name with escapes.\n' > "$SCRATCH/a/$name"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/a"
check_eq "a file name with control characters is indexed" "$?" 0

"$NSEARCH" --index "$INDEX" zebra > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "found" "$?" 0
# The bytes planted: ESC, BEL, and 0x9B not part of a UTF-8 character.
planted=$(od -An -tx1 -v "$SCRATCH/out" | tr -s ' ' '\n' | grep -c -E '^(1b|07|9b)$')
check_eq "no ESC, BEL or raw 0x9B reaches the terminal" "$planted" 0
check_contains "the path is shown, each control character as '?'" "$(cat "$SCRATCH/out")" \
    "osc?]0;owned?-csi?2J.txt"
# Scripts still get the real bytes: --format paths and --json are for them.
check_eq "--format paths keeps the file name as it is" \
    "$("$NSEARCH" --index "$INDEX" --format paths zebra)" "$SCRATCH/a/$name"
finish
