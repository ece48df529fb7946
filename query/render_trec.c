/* render_trec.c - TREC run format, read by trec_eval and bench/trec_score.py.
 *
 * Ids may hold spaces (a path); TREC fields are space-separated, so any
 * white space in an id is written as '_'.
 */
#include "render.h"

void render_trec(FILE *out, const char *query_id, const char *run_id,
                 const ns_results *results)
{
    size_t count = ns_results_count(results);
    for (size_t i = 0; i < count; i++) {
        const ns_hit *hit = ns_results_hit(results, i);
        fprintf(out, "%s Q0 ", query_id);
        for (const char *p = hit->id; *p; p++)
            fputc(*p == ' ' || *p == '\t' || *p == '\n' ? '_' : *p, out);
        fprintf(out, " %u %.6f %s\n", hit->rank, hit->score, run_id);
    }
}
