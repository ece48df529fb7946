/* shards.cc - stub files with local and remote shards (see shards.h). */
#include "shards.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

namespace ns {

namespace {

/* Stubs naming stubs: deep enough for a generation stub naming a shard
 * stub, shallow enough that a loop of stubs ends. */
constexpr int MAX_STUB_DEPTH = 4;
/* A stub is a few lines; anything bigger is not one. */
constexpr std::size_t MAX_STUB_BYTES = 64 * 1024;

unsigned timeout_ms(double seconds)
{
    if (!(seconds > 0))
        seconds = NS_DEFAULT_REMOTE_TIMEOUT;
    return static_cast<unsigned>(seconds * 1000.0);
}

std::string directory_of(const std::string &path)
{
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

/* The whitespace-separated words of `line`, as the stub format (Xapian's
 * too) reads them. */
std::vector<std::string> words_of(const std::string &line)
{
    static const char SPACE[] = " \t\n\v\f\r";
    std::vector<std::string> words;
    std::size_t at = line.find_first_not_of(SPACE);
    while (at != std::string::npos) {
        std::size_t end = line.find_first_of(SPACE, at);
        words.push_back(line.substr(at, end == std::string::npos ? end : end - at));
        at = end == std::string::npos ? end : line.find_first_not_of(SPACE, end);
    }
    return words;
}

/* One line of the stub at `stub`, as "KIND WHERE": false when it has
 * another shape; a blank line or a comment gives an empty kind.  WHERE of
 * a local kind comes back resolved against the stub's directory. */
bool split_stub_line(const std::string &stub, const std::string &line, std::string *kind,
                     std::string *where, bool *local)
{
    std::vector<std::string> words = words_of(line);
    kind->clear();
    where->clear();
    if (words.empty() || words[0][0] == '#')
        return true;
    if (words.size() != 2)
        return false;
    *kind = words[0];
    *where = words[1];
    *local = *kind == "auto" || *kind == "glass" || *kind == "chert";
    if (*local && (*where)[0] != '/')
        *where = directory_of(stub) + "/" + *where;
    return true;
}

Xapian::Database open_remote(const Shard &shard, const ns_reader_options &options)
{
    try {
        return Xapian::Remote::open(shard.host, shard.port, timeout_ms(options.remote_timeout),
                                    timeout_ms(options.connect_timeout));
    } catch (const Xapian::NetworkError &e) {
        throw Failure(NS_ERR_UNREACHABLE, "shard " + shard.where + " does not answer (" +
                                              e.get_msg() + ")");
    }
}

/* "HOST:PORT" (HOST may be empty: this machine). */
bool parse_host_port(const std::string &text, Shard *shard)
{
    std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size())
        return false;
    char *end;
    errno = 0;
    unsigned long port = std::strtoul(text.c_str() + colon + 1, &end, 10);
    if (errno || *end || port == 0 || port > 65535)
        return false;
    shard->host = colon == 0 ? "127.0.0.1" : text.substr(0, colon);
    shard->port = static_cast<unsigned>(port);
    return true;
}

bool read_stub(const std::string &path, std::vector<std::string> *lines)
{
    /* read(2), not an ifstream: a stream's locale set-up alone costs more
     * than the rest of opening a one-line stub. */
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    std::string text(MAX_STUB_BYTES + 1, '\0');
    std::size_t got = 0;
    bool failed = false;
    while (got < text.size()) {
        ssize_t n = read(fd, &text[got], text.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        failed = n < 0;
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    close(fd);
    if (failed || got > MAX_STUB_BYTES)
        return false;
    text.resize(got);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t newline = text.find('\n', start);
        if (newline == std::string::npos)
            newline = text.size();
        lines->push_back(text.substr(start, newline - start));
        start = newline + 1;
    }
    return true;
}

void open_into(ShardedIndex &index, const std::string &path, const ns_reader_options &options,
               int depth);

/* One stub line into index; false when it is not a kind we read (Xapian
 * then opens the whole stub itself). */
bool open_line(ShardedIndex &index, const std::string &stub, const std::string &line,
               const ns_reader_options &options, int depth)
{
    std::string kind, where;
    bool local = false;
    if (!split_stub_line(stub, line, &kind, &where, &local))
        return false;
    if (kind.empty())
        return true;
    if (kind == "remote") {
        Shard shard;
        shard.where = "remote " + where;
        shard.remote = true;
        if (!parse_host_port(where, &shard))
            return false;
        index.db.add_database(open_remote(shard, options));
        index.shards.push_back(shard);
        index.has_remote = true;
        return true;
    }
    if (!local)
        return false;
    open_into(index, where, options, depth + 1);
    return true;
}

void open_into(ShardedIndex &index, const std::string &path, const ns_reader_options &options,
               int depth)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        throw Failure(NS_ERR_NO_INDEX, "no index at " + path + " (" + std::strerror(errno) +
                                           "); build one with nsearch-index");
    std::vector<std::string> lines;
    if (S_ISDIR(st.st_mode) || depth >= MAX_STUB_DEPTH || !read_stub(path, &lines)) {
        index.db.add_database(Xapian::Database(path));
        index.shards.push_back(Shard{path, false, std::string(), 0});
        return;
    }
    /* Parse every line before opening any, so a stub we do not fully
     * understand goes to Xapian whole. */
    ShardedIndex mine;
    for (const std::string &line : lines)
        if (!open_line(mine, path, line, options, depth)) {
            index.db.add_database(Xapian::Database(path));
            index.shards.push_back(Shard{path, false, std::string(), 0});
            return;
        }
    if (mine.shards.empty())
        throw Failure(NS_ERR_NO_INDEX, "the stub " + path + " lists no shard");
    index.db.add_database(mine.db);
    index.shards.insert(index.shards.end(), mine.shards.begin(), mine.shards.end());
    index.has_remote = index.has_remote || mine.has_remote;
}

} // namespace

ShardedIndex open_sharded(const std::string &path, const ns_reader_options &options)
{
    ShardedIndex index;
    try {
        open_into(index, path, options, 0);
    } catch (const Xapian::DatabaseVersionError &) {
        throw; /* a real index in another format: reported as schema */
    } catch (const Xapian::DatabaseOpeningError &e) {
        throw Failure(NS_ERR_NO_INDEX, "no index at " + path + " (" + e.get_msg() +
                                           "); build one with nsearch-index");
    }
    return index;
}

std::string database_directory(const std::string &path)
{
    std::string at = path;
    for (int depth = 0; depth < MAX_STUB_DEPTH; ++depth) {
        struct stat st;
        std::vector<std::string> lines;
        if (stat(at.c_str(), &st) != 0 || S_ISDIR(st.st_mode) || !read_stub(at, &lines))
            return at;
        std::string only;
        for (const std::string &line : lines) {
            std::string kind, where;
            bool local = false;
            if (!split_stub_line(at, line, &kind, &where, &local))
                return path;
            if (kind.empty())
                continue;
            if (!local || !only.empty())
                return path; /* not a stub of one local database */
            only = where;
        }
        if (only.empty())
            return path;
        at = only;
    }
    return path;
}

std::vector<std::string> local_directories(const ShardedIndex &index)
{
    std::vector<std::string> dirs;
    for (const Shard &shard : index.shards)
        if (!shard.remote)
            dirs.push_back(shard.where);
    return dirs;
}

std::string unreachable_shard(const ShardedIndex &index, const ns_reader_options &options)
{
    for (const Shard &shard : index.shards) {
        if (!shard.remote)
            continue;
        try {
            open_remote(shard, options);
        } catch (const Failure &e) {
            return e.what();
        }
    }
    return std::string();
}

} // namespace ns
