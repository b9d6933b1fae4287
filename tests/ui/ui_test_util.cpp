#include "ui_test_util.h"

#include "random_checkpoint.h"
#include "tokenize/byte_level.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>

#include <cmath>
#include <random>

namespace interlens::test {

Session syntheticSession(int n, int models, bool withFailure, const std::vector<std::string>& ids)
{
    Session s;
    s.meta.prompt = "Once upon a time there was a little girl named Lily";
    s.meta.targetWord = "She";
    s.meta.baseline = "mean";
    s.meta.rewardDefinition = "synthetic";
    const std::vector<std::pair<std::string, int>> words{{"time", 12},  {"little", 32}, {"girl", 39},
                                                         {"named", 44}, {"Lily", 50},   {"upon", 5}};
    std::vector<std::pair<std::string, int>> chosen(words.begin(), words.begin() + n);
    std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [w, begin] : chosen)
        s.meta.players.push_back({w, begin, begin + static_cast<int64_t>(w.size())});
    const size_t size = size_t{1} << n;
    std::mt19937 rng(7);
    std::normal_distribution<double> small(0.0, 0.02);
    for (int m = 0; m < models; ++m) {
        ModelResult r;
        r.id = m < static_cast<int>(ids.size()) ? ids[static_cast<size_t>(m)] : "model" + std::to_string(m);
        r.path = "/models/" + r.id;
        r.architecture = "LlamaForCausalLM";
        r.dtype = "Float";
        r.targetTokenId = 42;
        r.pTarget = 0.3 + 0.1 * m;
        r.targetRank = m;
        if (withFailure && m == models - 1) {
            r.error = "config.json: missing key 'hidden_size'";
            s.models.push_back(r);
            continue;
        }
        r.iAnd.assign(size, 0.0);
        r.iOr.assign(size, 0.0);
        for (size_t mask = 1; mask < size; ++mask) {
            r.iAnd[mask] = small(rng);
            if (std::popcount(mask) > 1)
                r.iOr[mask] = small(rng);
        }
        // Strong interactions every model has, and some of its own.
        r.iAnd[0b0011] = 1.5 + 0.1 * m;
        r.iAnd[0b0100] = -0.8;
        r.iOr[0b1010 & (size - 1)] = 0.9 - 0.2 * m;
        r.iAnd[size - 1] = m == 0 ? 0.7 : 0.01;
        r.iAnd[0b0001] = m == 1 ? -0.6 : 0.02;
        // v from the interactions (v(S) = Σ_{T⊆S} I_and(T) + Σ_{T∩S≠∅} I_or(T)) so utility-scaled rules work.
        r.v.assign(size, 0.0);
        for (size_t S = 0; S < size; ++S)
            for (size_t T = 1; T < size; ++T) {
                if ((T & S) == T)
                    r.v[S] += r.iAnd[T];
                if (T & S)
                    r.v[S] += r.iOr[T];
            }
        r.gamma.assign(size, 0.0);
        r.q.assign(size, 0.0);
        r.tokenIds = {1, 2, 3};
        r.tokenStrings = {"a", "b", "c"};
        s.models.push_back(r);
    }
    for (int a = 0; a < models; ++a)
        for (int b = a + 1; b < models; ++b) {
            if (s.models[a].failed() || s.models[b].failed())
                continue;
            PairResult p;
            p.a = s.models[a].id;
            p.b = s.models[b].id;
            p.sharedAnd = {0b0011, 0b0100};
            p.sharedOr = {0b1010 & (size - 1)};
            p.kappa = PairKappa{};
            p.kappa->kappa = 0.5 + 0.1 * (a + b);
            p.kappa->overlap = 0.25;
            // The joint extraction the views show (synthetic: the same numbers as the single-model ones).
            p.iAndA = s.models[a].iAnd;
            p.iOrA = s.models[a].iOr;
            p.iAndB = s.models[b].iAnd;
            p.iOrB = s.models[b].iOr;
            s.pairs.push_back(p);
        }
    s.metrics.scalars["synthetic"] = 1.0;
    return s;
}

QString writeTinyModel(const QString& dir, uint64_t seed)
{
    QDir().mkpath(dir);
    // The tiny llama of RandomModelSpec's defaults, with the 256 byte tokens as its vocabulary.
    writeRandomModel(dir.toStdString(), {.vocab = 256, .maxPositions = 128, .seed = seed});
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b)
        vocab[ByteLevelAlphabet::instance().byteStrings()[b]] = b;
    const nlohmann::json byteLevel = {
        {"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    const nlohmann::json tokenizer = {{"version", "1.0"},
                                      {"added_tokens", nlohmann::json::array()},
                                      {"normalizer", nullptr},
                                      {"pre_tokenizer", byteLevel},
                                      {"post_processor", nullptr},
                                      {"decoder", byteLevel},
                                      {"model",
                                       {{"type", "BPE"},
                                        {"dropout", nullptr},
                                        {"unk_token", nullptr},
                                        {"continuing_subword_prefix", nullptr},
                                        {"end_of_word_suffix", nullptr},
                                        {"fuse_unk", false},
                                        {"byte_fallback", false},
                                        {"vocab", vocab},
                                        {"merges", nlohmann::json::array()}}}};
    QFile file(dir + "/tokenizer.json");
    file.open(QIODevice::WriteOnly);
    file.write(QByteArray::fromStdString(tokenizer.dump()));
    return dir;
}

} // namespace interlens::test
