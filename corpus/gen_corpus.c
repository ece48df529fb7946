/* gen_corpus.c - nsearch-gen-corpus: deterministic synthetic news corpora
 * and query logs for benchmarks.
 *
 *   nsearch-gen-corpus --count N [--seed S] --out DIR [--sample DIR]
 *       writes N articles as DIR/0000/gen-00000000.txt ... (1,000 a folder),
 *       learned from the real articles in --sample (default corpus/sample).
 *   nsearch-gen-corpus --queries N [--seed S] --from DIR [--out FILE]
 *       writes N queries, one a line, drawn from the articles under DIR.
 *
 * The same options give the same bytes on any machine: the generator has
 * its own PRNG and learns its model in a fixed order (model.h,
 * article_gen.h, querygen.h say what is drawn and why).  One caveat: the
 * Zipf tail and the heat tail go through libm's pow(), which another C
 * library (or glibc release) may round differently in a last bit, and so,
 * rarely, change a word: "any machine" means any with the same libm.
 */
#include "article_gen.h"
#include "model.h"
#include "querygen.h"
#include "sbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SAMPLE "corpus/sample"
/* Ranks in the vocabulary: at 1M articles the Zipf tail (exponent 1.6)
 * still has unseen ranks left, so the vocabulary never runs out. */
#define DEFAULT_VOCABULARY 2000000
#define DEFAULT_TAIL_EXPONENT 1.6
#define DEFAULT_PER_DIR 1000
#define DEFAULT_QUERY_DOCS 20000

struct options {
    unsigned long long count;
    unsigned long long queries;
    unsigned long long seed;
    unsigned long long per_dir;
    unsigned long long vocabulary;
    unsigned long long query_docs;
    double tail_exponent;
    const char *out;
    const char *sample;
    const char *from;
    int stats;
    int quiet;
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nsearch-gen-corpus --count N --out DIR [OPTION]...\n"
            "       nsearch-gen-corpus --queries N --from DIR [--out FILE] [OPTION]...\n"
            "Write a deterministic synthetic news corpus, or a query log drawn\n"
            "from a corpus.\n"
            "\n"
            "  --count N          articles to write\n"
            "  --out DIR|FILE     corpus folder (created), or query file (default stdout)\n"
            "  --seed S           seed (default 1): same seed, same bytes\n"
            "  --sample DIR       real articles to learn from (default %s under\n"
            "                     the current directory: nsearch's source tree)\n"
            "  --per-dir N        files per sub-folder (default %d)\n"
            "  --vocabulary N     word ranks, learned + made up (default %d)\n"
            "  --tail-exponent X  Zipf exponent past the learned head (default %.1f)\n"
            "  --stats            print what was learned to stderr\n"
            "  --queries N        write N queries instead of articles\n"
            "  --from DIR         the corpus queries are drawn from\n"
            "  --query-docs N     read at most N files of it (default %d)\n"
            "  -q, --quiet        no summary line\n",
            DEFAULT_SAMPLE, DEFAULT_PER_DIR, DEFAULT_VOCABULARY,
            DEFAULT_TAIL_EXPONENT, DEFAULT_QUERY_DOCS);
}

static int parse_count(const char *text, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-')
        return -1;
    *out = v;
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* mkdir -p: the output folder's parents are created too. */
static int make_dir(const char *path)
{
    char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(copy, 0777); /* an error shows up at the last level */
        *p = '/';
    }
    free(copy);
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "nsearch-gen-corpus: cannot create %s: %s\n", path,
            strerror(errno));
    return -1;
}

static int write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        goto fail;
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            goto fail;
        }
        data += n;
        len -= (size_t)n;
    }
    if (close(fd) != 0)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "nsearch-gen-corpus: cannot write %s: %s\n", path,
            strerror(errno));
    return -1;
}

static void print_stats(const struct model *m)
{
    fprintf(stderr,
            "model: %zu articles, %llu words read, %zu distinct; head %zu ranks "
            "(fitted Zipf exponent %.2f), tail exponent %.2f to %zu ranks; "
            "%zu topics; %.0f%% titles in capitals\n",
            m->n_articles, (unsigned long long)m->sample_tokens, m->n_learned,
            m->n_head, m->head_exponent, m->tail_exponent, m->n_ranks,
            m->n_topics, 100.0 * m->caps_title_share);
}

/* The default sample is corpus/sample of the source tree: relative to the
 * working directory when run from the top of the tree (make bench), else
 * found from the binary, which `make` puts in BUILD/ of that tree.  Returns
 * a malloc'd path, or NULL to keep the default. */
static char *sample_beside_binary(void)
{
    struct stat st;
    if (stat(DEFAULT_SAMPLE, &st) == 0)
        return NULL;
    char *exe = realpath("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    char *slash = strrchr(exe, '/');
    char *found = NULL;
    if (slash) {
        *slash = '\0';
        size_t n = strlen(exe) + sizeof "/../" DEFAULT_SAMPLE;
        found = xmalloc(n);
        snprintf(found, n, "%s/../%s", exe, DEFAULT_SAMPLE);
        if (stat(found, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(found);
            found = NULL;
        }
    }
    free(exe);
    return found;
}

static int write_corpus(const struct options *o)
{
    char err[512];
    struct model m;
    double started = now_seconds();
    if (model_learn(&m, o->sample, o->vocabulary, o->tail_exponent, err,
                    sizeof err) != 0) {
        fprintf(stderr, "nsearch-gen-corpus: %s (give --sample DIR)\n", err);
        return 1;
    }
    if (o->stats)
        print_stats(&m);
    if (make_dir(o->out) != 0) {
        model_free(&m);
        return 1;
    }
    struct article_topics topics;
    article_topics_init(&topics, &m);
    size_t path_len = strlen(o->out) + 64;
    char *path = xmalloc(path_len);
    struct sbuf article = {0};
    unsigned long long bytes = 0;
    int rc = 0;
    for (unsigned long long n = 0; n < o->count && rc == 0; n++) {
        unsigned long long dir = n / o->per_dir;
        if (n % o->per_dir == 0) {
            snprintf(path, path_len, "%s/%04llu", o->out, dir);
            if (make_dir(path) != 0) {
                rc = 1;
                break;
            }
        }
        article_generate(&m, &topics, o->seed, n, &article);
        snprintf(path, path_len, "%s/%04llu/gen-%08llu.txt", o->out, dir, n);
        if (write_file(path, article.data, article.len) != 0)
            rc = 1;
        bytes += article.len;
    }
    if (rc == 0 && !o->quiet)
        printf("nsearch-gen-corpus: %llu articles, %.1f MB, seed %llu, in %s "
               "(%.2f s)\n",
               o->count, (double)bytes / 1e6, o->seed, o->out,
               now_seconds() - started);
    sbuf_free(&article);
    free(path);
    article_topics_free(&topics);
    model_free(&m);
    return rc;
}

static int write_queries(const struct options *o)
{
    FILE *out = stdout;
    if (o->out && !(out = fopen(o->out, "w"))) {
        fprintf(stderr, "nsearch-gen-corpus: cannot write %s: %s\n", o->out,
                strerror(errno));
        return 1;
    }
    char err[512];
    int rc = querygen_write(o->from, (size_t)o->queries, o->seed,
                            (size_t)o->query_docs, out, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "nsearch-gen-corpus: %s\n", err);
    if (out != stdout && fclose(out) != 0 && rc == 0) {
        fprintf(stderr, "nsearch-gen-corpus: cannot write %s\n", o->out);
        rc = -1;
    }
    return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"count", required_argument, NULL, 'c'},
        {"seed", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"sample", required_argument, NULL, 'S'},
        {"per-dir", required_argument, NULL, 'p'},
        {"vocabulary", required_argument, NULL, 'v'},
        {"tail-exponent", required_argument, NULL, 't'},
        {"stats", no_argument, NULL, 'x'},
        {"queries", required_argument, NULL, 'Q'},
        {"from", required_argument, NULL, 'f'},
        {"query-docs", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct options o = {0};
    o.seed = 1;
    o.per_dir = DEFAULT_PER_DIR;
    o.vocabulary = DEFAULT_VOCABULARY;
    o.tail_exponent = DEFAULT_TAIL_EXPONENT;
    o.query_docs = DEFAULT_QUERY_DOCS;
    o.sample = NULL; /* default: see sample_beside_binary */
    int have_count = 0, opt, which = 0;
    while ((opt = getopt_long(argc, argv, "qh", long_options, &which)) != -1) {
        int bad = 0;
        switch (opt) {
        case 'c': bad = parse_count(optarg, &o.count); have_count = 1; break;
        case 's': bad = parse_count(optarg, &o.seed); break;
        case 'o': o.out = optarg; break;
        case 'S': o.sample = optarg; break;
        case 'p': bad = parse_count(optarg, &o.per_dir) || o.per_dir == 0; break;
        case 'v': bad = parse_count(optarg, &o.vocabulary) || o.vocabulary == 0; break;
        case 't': {
            char *end;
            o.tail_exponent = strtod(optarg, &end);
            bad = *end || end == optarg || !(o.tail_exponent > 1.0 &&
                                             o.tail_exponent < 10.0);
            break;
        }
        case 'x': o.stats = 1; break;
        case 'Q': bad = parse_count(optarg, &o.queries); break;
        case 'f': o.from = optarg; break;
        case 'd': bad = parse_count(optarg, &o.query_docs); break;
        case 'q': o.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
        if (bad) {
            fprintf(stderr, "nsearch-gen-corpus: bad value '%s' for --%s\n",
                    optarg, long_options[which].name);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "nsearch-gen-corpus: unexpected argument '%s'\n",
                argv[optind]);
        return 2;
    }
    if (o.from || o.queries) {
        if (!o.from || have_count) {
            fprintf(stderr, "nsearch-gen-corpus: --queries needs --from DIR "
                            "(and no --count)\n");
            return 2;
        }
        return write_queries(&o);
    }
    if (!have_count || !o.out) {
        usage(stderr);
        return 2;
    }
    char *found = o.sample == NULL ? sample_beside_binary() : NULL;
    if (o.sample == NULL)
        o.sample = found ? found : DEFAULT_SAMPLE;
    int rc = write_corpus(&o);
    free(found);
    return rc;
}
