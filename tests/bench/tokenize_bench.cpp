// Tokenizer benchmark: load time of each fixture tokenizer.json and single-thread encode throughput on ~1 MB
// of English text generated deterministically from a built-in word list (nothing is downloaded). Prints a
// markdown section for BENCHMARKS.md.
//
//   interlens_tokenize_bench [FIXTURES_DIR] [--mb N] [--only qwen2,llama3]

#include "tokenize/tokenizer.h"

#include <QCoreApplication>
#include <QStringList>
#include <QSysInfo>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace interlens;

namespace {

// Common English words (function words repeat so the text has a natural-ish frequency profile), a few longer
// and rarer ones, names and numbers.
const char* const kWords[] = {
    "the",
    "the",
    "the",
    "of",
    "of",
    "and",
    "and",
    "to",
    "to",
    "a",
    "a",
    "in",
    "in",
    "is",
    "was",
    "that",
    "for",
    "it",
    "with",
    "as",
    "on",
    "by",
    "at",
    "from",
    "his",
    "her",
    "they",
    "this",
    "which",
    "be",
    "are",
    "were",
    "had",
    "have",
    "has",
    "not",
    "but",
    "or",
    "an",
    "their",
    "one",
    "all",
    "would",
    "there",
    "been",
    "more",
    "when",
    "who",
    "will",
    "no",
    "if",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "into",
    "than",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
    "city",
    "river",
    "government",
    "company",
    "market",
    "shares",
    "revenue",
    "quarter",
    "percent",
    "bank",
    "interest",
    "rates",
    "investors",
    "growth",
    "economy",
    "season",
    "team",
    "game",
    "championship",
    "league",
    "football",
    "history",
    "century",
    "population",
    "church",
    "university",
    "research",
    "species",
    "island",
    "mountain",
    "village",
    "district",
    "railway",
    "station",
    "battle",
    "army",
    "king",
    "queen",
    "empire",
    "province",
    "language",
    "culture",
    "music",
    "album",
    "song",
    "film",
    "television",
    "series",
    "novel",
    "author",
    "character",
    "episode",
    "director",
    "producer",
    "approximately",
    "significantly",
    "nevertheless",
    "characteristics",
    "internationally",
    "infrastructure",
    "photosynthesis",
    "electromagnetic",
    "Arthropoda",
    "Insecta",
    "Denver",
    "Broncos",
    "London",
    "Paris",
    "Berlin",
    "Tokyo",
    "Microsoft",
    "Apple",
    "Federal",
    "Reserve",
    "January",
    "February",
    "Monday",
    "Wednesday",
    "Smith",
    "Johnson",
    "Einstein",
    "Shakespeare",
    "don't",
    "it's",
    "they're",
    "we've",
    "I'm",
    "you'll",
    "he'd",
};

std::string generateText(size_t targetBytes)
{
    std::mt19937 rng(20251123); // fixed seed; rng() % n keeps the text identical on every standard library
    const size_t wordCount = std::size(kWords);
    std::string text;
    text.reserve(targetBytes + 256);
    while (text.size() < targetBytes) {
        const int sentences = 3 + static_cast<int>(rng() % 5);
        for (int s = 0; s < sentences; ++s) {
            const int words = 8 + static_cast<int>(rng() % 18);
            for (int w = 0; w < words; ++w) {
                if (w > 0 || s > 0)
                    text += ' ';
                std::string word;
                const unsigned kind = rng() % 100;
                if (kind < 3)
                    word = std::to_string(rng() % 100000);
                else if (kind < 4)
                    word = std::to_string(1900 + rng() % 125);
                else
                    word = kWords[rng() % wordCount];
                if (w == 0 && word[0] >= 'a' && word[0] <= 'z')
                    word[0] = static_cast<char>(word[0] - 'a' + 'A');
                text += word;
                if (w + 1 < words && rng() % 12 == 0)
                    text += ',';
            }
            text += (rng() % 10 == 0) ? "?" : ".";
        }
        text += (rng() % 3 == 0) ? "\n\n" : "\n";
    }
    return text;
}

// CPU time of this thread and wall time: the machine may be shared, so rates use CPU time and wall time is
// shown beside it.
struct Clock
{
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    double cpu = threadCpu();

    static double threadCpu()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    }
    double cpuSeconds() const { return threadCpu() - cpu; }
    double wallSeconds() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    }
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeFirst();
    double megabytes = 1.0;
    if (const int i = static_cast<int>(args.indexOf("--mb")); i >= 0 && i + 1 < args.size()) {
        megabytes = args[i + 1].toDouble();
        args.remove(i, 2);
    }
    QStringList only;
    if (const int i = static_cast<int>(args.indexOf("--only")); i >= 0 && i + 1 < args.size()) {
        only = args[i + 1].split(',');
        args.remove(i, 2);
    }
    const std::string fixtures =
        args.isEmpty() ? std::string(INTERLENS_DEFAULT_FIXTURES) + "/tokenizers" : args.front().toStdString();
    const std::string text = generateText(static_cast<size_t>(megabytes * 1024 * 1024));

    std::printf("## Tokenizer throughput\n\n");
    std::printf(
        "Single thread, `Tokenizer::encode(text, true)` on %.2f MB (%zu bytes) of English text generated "
        "deterministically by the benchmark (built-in word list, fixed seed). *Cold*: first encode after "
        "loading (empty BPE cache); *warm*: the same text again. Rates use the thread's CPU time (wall "
        "time in parentheses: the machine is shared). Load: `Tokenizer::load` of the fixture "
        "folder, including gunzip for `.json.gz` files and building merge tables. Machine: %s, %s.\n\n",
        static_cast<double>(text.size()) / (1024 * 1024), text.size(),
        QSysInfo::prettyProductName().toUtf8().constData(),
        QSysInfo::currentCpuArchitecture().toUtf8().constData());
    std::printf("| tokenizer | ids | load CPU s (wall) | tokens | cold CPU s (wall) | cold tokens/s | warm "
                "CPU s (wall) "
                "| warm tokens/s | warm MB/s |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int failures = 0;
    for (const char* name : {"qwen2", "llama3", "gpt2", "mistral", "gemma3"}) {
        if (!only.isEmpty() && !only.contains(QString::fromLatin1(name)))
            continue;
        const std::string dir = fixtures + "/" + name;
        if (!std::filesystem::exists(dir)) {
            std::printf("| %s | (fixture missing: %s) |||||||\n", name, dir.c_str());
            continue;
        }
        try {
            Clock clock;
            const Tokenizer tokenizer = Tokenizer::load(dir);
            const double load = clock.cpuSeconds(), loadWall = clock.wallSeconds();
            clock = Clock();
            const size_t tokens = tokenizer.encode(text, true).size();
            const double cold = clock.cpuSeconds(), coldWall = clock.wallSeconds();
            clock = Clock();
            const size_t again = tokenizer.encode(text, true).size();
            const double warm = clock.cpuSeconds(), warmWall = clock.wallSeconds();
            if (again != tokens)
                ++failures;
            std::printf(
                "| %s | %d | %.2f (%.2f) | %zu | %.3f (%.3f) | %.2fM | %.3f (%.3f) | %.2fM | %.1f |\n", name,
                tokenizer.vocabSize(), load, loadWall, tokens, cold, coldWall, tokens / cold / 1e6, warm,
                warmWall, tokens / warm / 1e6, text.size() / warm / (1024 * 1024));
            std::fflush(stdout);
        } catch (const std::exception& e) {
            std::printf("| %s | error: %s |||||||\n", name, e.what());
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
