/* render_text.c - the human result view, wrapped to the terminal width. */
#include "render.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define INDENT "    "
#define INDENT_WIDTH 4

void render_options_detect(struct render_options *options, FILE *out)
{
    const char *no_color = getenv("NO_COLOR");
    int fd = fileno(out);
    int tty = fd >= 0 && isatty(fd);
    options->color = tty && !(no_color && *no_color);
    options->width = 80;
    struct winsize ws;
    const char *columns = getenv("COLUMNS");
    if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        options->width = ws.ws_col;
    else if (columns && atoi(columns) > 0)
        options->width = atoi(columns);
    if (options->width < 40)
        options->width = 40;
}

/* Columns a UTF-8 byte sequence takes: one per code point (continuation
 * bytes and highlight markers take none). */
static int text_columns(const char *s, size_t n)
{
    int columns = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80 && c != (unsigned char)NS_HL_START &&
            c != (unsigned char)NS_HL_END)
            columns++;
    }
    return columns;
}

/* Writes `s` for a terminal: control characters (C0, DEL, C1) and bytes
 * that are not UTF-8 become '?'.  A file name may hold any bytes, and an
 * escape sequence in one (ESC ] 0 ; ... sets the window title, CSI moves
 * the cursor) must not act on the screen of the person searching.
 * Article text is cleaned when it is indexed; file names cannot be. */
static void put_safe(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p; /* safe bytes not yet written */
    size_t left = strlen(s);
    while (left) {
        size_t n = utf8_sequence_length((const char *)p, left);
        int control = n == 1 ? (*p < 0x20 || *p == 0x7F)
                             : n == 2 && p[0] == 0xC2 && p[1] < 0xA0;
        if (n == 0 || control) {
            fwrite(run, 1, (size_t)(p - run), out);
            fputc('?', out);
            n = n ? n : 1;
            run = p + n;
        }
        p += n;
        left -= n;
    }
    fwrite(run, 1, (size_t)(p - run), out);
}

static void put_word(FILE *out, const char *word, size_t n, int color)
{
    for (size_t i = 0; i < n; i++) {
        if (word[i] == NS_HL_START) {
            if (color)
                fputs(BOLD, out);
        } else if (word[i] == NS_HL_END) {
            if (color)
                fputs(RESET, out);
        } else {
            fputc(word[i], out);
        }
    }
}

/* Word-wraps `text` at `width` columns, each line indented. */
static void put_wrapped(FILE *out, const char *text, int width, int color)
{
    int column = 0;
    const char *p = text;
    fputs(INDENT, out);
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " \n\t\r");
        int w = text_columns(p, n);
        if (column > 0 && INDENT_WIDTH + column + 1 + w > width) {
            fputs("\n" INDENT, out);
            column = 0;
        } else if (column > 0) {
            fputc(' ', out);
            column++;
        }
        put_word(out, p, n, color);
        column += w;
        p += n;
    }
    fputc('\n', out);
}

static void put_explain(FILE *out, const ns_hit *hit)
{
    fprintf(out,
            INDENT "score %.4f = relevance %.4f + quality %.4f (q=%d) + "
                   "heat %.4f (h=%lld)",
            hit->score, hit->relevance, hit->quality_part, hit->quality,
            hit->heat_part, (long long)hit->heat);
    if (hit->recency_part > 0)
        fprintf(out, " + recency %.4f", hit->recency_part);
    fputs(hit->all_words ? "\n" : "; matches some of the words\n", out);
}

int render_text(FILE *out, ns_results *results,
                const struct render_options *options, ns_error *err)
{
    size_t count = ns_results_count(results);
    for (size_t i = 0; i < count; i++) {
        const ns_hit *hit = ns_results_hit(results, i);
        const char *snippet =
            ns_results_snippet(results, i, RENDER_SNIPPET_BYTES, err);
        if (!snippet)
            return -1;
        if (i > 0)
            fputc('\n', out);
        fprintf(out, "%2u. %s", hit->rank, options->color ? BOLD : "");
        put_safe(out, hit->title);
        fprintf(out, "%s\n", options->color ? RESET : "");
        fputs(INDENT, out);
        const char *sep = "";
        if (*hit->provider) {
            put_safe(out, hit->provider);
            sep = " · ";
        }
        if (*hit->date_iso) {
            fprintf(out, "%s%.10s", sep, hit->date_iso);
            sep = " · ";
        }
        if (*hit->url || *hit->path) {
            fputs(sep, out);
            put_safe(out, *hit->url ? hit->url : hit->path);
        }
        fputc('\n', out);
        if (*snippet)
            put_wrapped(out, snippet, options->width, options->color);
        if (hit->more) {
            fprintf(out, INDENT "+%u more%s", hit->more, *hit->more_providers ? ": " : "");
            put_safe(out, hit->more_providers);
            fputc('\n', out);
        }
        if (options->explain)
            put_explain(out, hit);
    }
    if (count > 0 && ns_results_facet_size(results, NS_FACET_TOPIC) +
                         ns_results_facet_size(results, NS_FACET_PROVIDER) +
                         ns_results_facet_size(results, NS_FACET_CATEGORY) +
                         ns_results_facet_size(results, NS_FACET_YEAR) > 0) {
        fputc('\n', out);
        render_facets_text(out, results);
    }
    return 0;
}
