/* scratch_dir.c - per-test scratch directories (see scratch_dir.h). */
#include "scratch_dir.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

int scratch_setup(void **state, const char *name)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/nsearch-%s-XXXXXX", name);
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->index, sizeof f->index, "%s/index", f->dir);
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

int scratch_teardown(void **state)
{
    fixture *f = *state;
    nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

void scratch_write_file(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

const char *scratch_read_file(const char *path)
{
    static char buf[4096];
    FILE *in = fopen(path, "r");
    if (!in)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = '\0';
    return buf;
}
