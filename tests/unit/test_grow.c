/* test_grow.c - unit tests of the indexer's array growth (indexer/grow.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grow.h"

/* Room is made only when full: first `first`, then twice as much, and the
 * elements already there survive the move. */
static void test_grows_when_full_and_keeps_elements(void **state)
{
    (void)state;
    int *items = NULL;
    size_t cap = 0;
    for (size_t count = 0; count < 100; count++) {
        int *room = grow_for_one(items, &cap, count, sizeof *room, 8);
        assert_non_null(room);
        assert_true(cap > count);
        if (count < 8)
            assert_int_equal(cap, 8);
        else if (count < 16)
            assert_int_equal(cap, 16);
        items = room;
        items[count] = (int)count * 3;
    }
    assert_int_equal(cap, 128);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(items[i], (int)i * 3);
    free(items);
}

/* Not full: the same array, untouched. */
static void test_no_move_while_room(void **state)
{
    (void)state;
    size_t cap = 4;
    int *items = malloc(cap * sizeof *items);
    assert_non_null(items);
    assert_ptr_equal(grow_for_one(items, &cap, 3, sizeof *items, 8), items);
    assert_int_equal(cap, 4);
    free(items);
}

/* A size that would overflow fails cleanly: NULL, the array and its
 * capacity unchanged (still the caller's to free). */
static void test_overflow_fails_and_keeps_the_array(void **state)
{
    (void)state;
    size_t cap = 2;
    char *items = malloc(cap);
    assert_non_null(items);
    assert_null(grow_for_one(items, &cap, 2, SIZE_MAX / 3, 8));
    assert_int_equal(cap, 2);
    size_t huge = SIZE_MAX / 2 + 1;
    assert_null(grow_for_one(items, &huge, huge, 1, 8));
    assert_int_equal(huge, SIZE_MAX / 2 + 1);
    free(items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grows_when_full_and_keeps_elements),
        cmocka_unit_test(test_no_move_while_room),
        cmocka_unit_test(test_overflow_fails_and_keeps_the_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
