/* hold_lock.c - test helper: holds an index's writer lock until stdin closes.
 *
 * Usage: hold-lock INDEX   prints "locked" once it holds the lock, then
 * waits for end of input.  Lets end-to-end tests check what the indexer
 * does when another writer is active, without timing games.
 */
#include <stdio.h>

#include "xapian_shim.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: hold-lock INDEX\n");
        return 2;
    }
    ns_writer *writer = NULL;
    ns_error err;
    if (ns_writer_open(argv[1], NULL, &writer, &err) != NS_OK) {
        fprintf(stderr, "hold-lock: %s\n", err.message);
        return 1;
    }
    printf("locked\n");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    ns_writer_close(writer);
    return 0;
}
