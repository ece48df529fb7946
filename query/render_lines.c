/* render_lines.c - line-oriented views for scripts: --format tsv and
 * --format paths, and facet counts in the text view.
 */
#include "render.h"

static void put_field(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void render_tsv(FILE *out, const ns_results *results)
{
    size_t count = ns_results_count(results);
    for (size_t i = 0; i < count; i++) {
        const ns_hit *hit = ns_results_hit(results, i);
        fprintf(out, "%u\t%.6f\t%.10s\t", hit->rank, hit->score, hit->date_iso);
        put_field(out, hit->provider);
        fputc('\t', out);
        put_field(out, hit->title);
        fputc('\t', out);
        put_field(out, hit->url);
        fputc('\t', out);
        put_field(out, hit->id);
        fputc('\n', out);
    }
}

void render_paths(FILE *out, const ns_results *results)
{
    size_t count = ns_results_count(results);
    for (size_t i = 0; i < count; i++) {
        const ns_hit *hit = ns_results_hit(results, i);
        if (*hit->path)
            fprintf(out, "%s\n", hit->path);
    }
}

void render_facets_text(FILE *out, const ns_results *results)
{
    static const char *const names[NS_FACET_COUNT] = {"topic", "provider",
                                                       "category", "year"};
    for (int f = 0; f < NS_FACET_COUNT; f++) {
        size_t n = ns_results_facet_size(results, (ns_facet)f);
        if (n == 0)
            continue;
        fprintf(out, "%s:", names[f]);
        for (size_t i = 0; i < n; i++) {
            uint64_t count;
            const char *value = ns_results_facet_value(results, (ns_facet)f, i, &count);
            fprintf(out, "%s %s (%llu)", i ? "," : "", value, (unsigned long long)count);
        }
        fputc('\n', out);
    }
}
