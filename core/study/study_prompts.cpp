#include "study/study_prompts.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"
#include "explain/players.h"
#include "store/atomic_file.h"

#include <QCryptographicHash>
#include <QString>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace interlens {

namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool hasWhitespace(const std::string& text)
{
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

const std::string& requiredString(const nlohmann::json& j, const char* key, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end())
        throw InputError(where + ": missing field \"" + key + "\"");
    if (!it->is_string())
        throw InputError(where + ": field \"" + key + "\" must be a string, got " + it->dump());
    return it->get_ref<const std::string&>();
}

} // namespace

StudyPrompt promptFromJsonLine(const std::string& line, const std::string& where)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(where + ": not a JSON object (" + jsonErrorWithoutContent(e) + ")");
    }
    if (!j.is_object())
        throw InputError(where + ": must be a JSON object, got " + j.dump().substr(0, 80));
    StudyPrompt prompt;
    prompt.text = requiredString(j, "text", where);
    prompt.target = requiredString(j, "target", where);
    if (prompt.text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError(where + ": field \"text\" is empty");
    if (prompt.target.empty() || hasWhitespace(prompt.target))
        throw InputError(where + ": field \"target\" must be one word without whitespace, got \"" +
                         prompt.target + "\"");
    if (const auto it = j.find("id"); it != j.end() && !it->is_null()) {
        if (it->is_string())
            prompt.id = it->get<std::string>();
        else if (it->is_number_integer())
            prompt.id = std::to_string(it->get<long long>());
        else
            throw InputError(where + ": field \"id\" must be a string or an integer, got " + it->dump());
    }
    if (const auto it = j.find("players"); it != j.end() && !it->is_null()) {
        if (!it->is_array())
            throw InputError(where + ": field \"players\" must be a list of words, got " + it->dump());
        for (const auto& word : *it) {
            if (!word.is_string() || word.get<std::string>().empty() ||
                hasWhitespace(word.get<std::string>()) ||
                word.get<std::string>().find(',') != std::string::npos)
                throw InputError(where + ": field \"players\": " + word.dump() +
                                 " is not a word (non-empty, no whitespace or comma)");
            prompt.players.push_back(word.get<std::string>());
        }
    }
    return prompt;
}

std::string promptToJsonLine(const StudyPrompt& prompt)
{
    nlohmann::ordered_json j;
    j["id"] = prompt.id;
    j["text"] = prompt.text;
    j["target"] = prompt.target;
    if (!prompt.players.empty())
        j["players"] = prompt.players;
    return j.dump();
}

std::vector<StudyPrompt> readPromptFile(const std::string& path)
{
    std::istringstream in(readRegularFile(path, kMaxTextInputBytes, "a prompt file (JSONL)"));
    std::vector<StudyPrompt> prompts;
    std::set<std::string> ids;
    std::string line;
    for (int lineNumber = 1; std::getline(in, line); ++lineNumber) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        StudyPrompt prompt = promptFromJsonLine(line, path + ":" + std::to_string(lineNumber));
        prompt.index = static_cast<std::int64_t>(prompts.size());
        if (prompt.id.empty())
            prompt.id = "p" + std::to_string(prompt.index);
        if (!ids.insert(prompt.id).second)
            throw InputError(path + ":" + std::to_string(lineNumber) + ": duplicate id \"" + prompt.id +
                             "\"");
        prompts.push_back(std::move(prompt));
    }
    if (prompts.empty())
        throw InputError(fileMessage(path, "no prompts (expected one JSON object per line)"));
    return prompts;
}

void writePromptFile(const std::vector<StudyPrompt>& prompts, const std::string& path)
{
    store::writeAtomically(path, [&](const std::string& temp) {
        std::ofstream out(temp, std::ios::binary);
        for (const StudyPrompt& p : prompts)
            out << promptToJsonLine(p) << '\n';
        out.flush();
        if (!out)
            throw InputError(fileMessage(path, "cannot write the prompt file"));
    });
}

std::string promptsDigest(const std::vector<StudyPrompt>& prompts)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const StudyPrompt& p : prompts) {
        const std::string line = promptToJsonLine(p) + "\n";
        hash.addData(QByteArrayView(line.data(), static_cast<qsizetype>(line.size())));
    }
    return hash.result().toHex().toStdString();
}

std::string playersSpecOf(const StudyPrompt& prompt, int n)
{
    if (prompt.players.empty())
        return "auto:" + std::to_string(n);
    std::string spec;
    for (const std::string& word : prompt.players)
        spec += (spec.empty() ? "" : ",") + word;
    return spec;
}

std::vector<StudyPrompt> makePromptsFromText(const std::string& text, const MakePromptsOptions& options,
                                             std::size_t* skipped)
{
    if (options.players < 1 || options.minWords < 1 || options.maxWords < options.minWords)
        throw InputError("make prompts: need players >= 1 and 1 <= min words <= max words");
    // Paragraphs: blank-line separated blocks (their lines joined by spaces), or one per line.
    std::vector<std::string> paragraphs;
    {
        std::istringstream in(text);
        std::string line, current;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            const bool blank = line.find_first_not_of(" \t") == std::string::npos;
            if (options.linePerParagraph || blank) {
                if (!current.empty())
                    paragraphs.push_back(current);
                current.clear();
                if (options.linePerParagraph && !blank)
                    paragraphs.push_back(line);
                continue;
            }
            current += (current.empty() ? "" : " ") + line;
        }
        if (!current.empty())
            paragraphs.push_back(current);
    }

    const std::set<std::string>& stop = englishStopWords();
    const auto eligible = [&](const PromptWord& w) {
        return !w.core.empty() && !stop.contains(lower(w.core));
    };
    const auto goodTarget = [&](const PromptWord& w) {
        return eligible(w) && std::all_of(w.core.begin(), w.core.end(), [](unsigned char c) {
                   return std::isalpha(c) || c == '-' || c == '\'' || c >= 0x80;
               });
    };

    std::vector<StudyPrompt> prompts;
    std::size_t dropped = 0;
    for (std::size_t k = 0; k < paragraphs.size(); ++k) {
        const std::string& paragraph = paragraphs[k];
        const std::vector<PromptWord> words = splitPromptWords(paragraph);
        std::vector<std::size_t> candidates;
        int eligibleBefore = 0;
        for (std::size_t t = 0; t < words.size() && t <= static_cast<std::size_t>(options.maxWords); ++t) {
            if (static_cast<int>(t) >= options.minWords && eligibleBefore >= options.players &&
                goodTarget(words[t]))
                candidates.push_back(t);
            eligibleBefore += eligible(words[t]) ? 1 : 0;
        }
        if (candidates.empty()) {
            ++dropped;
            continue;
        }
        // A fixed generator and plain modulo, so a seed means the same prompts on every platform.
        std::mt19937 generator(options.seed + static_cast<std::uint32_t>(k) * 7919u);
        const PromptWord& target = words[candidates[generator() % candidates.size()]];
        const std::u32string text32 = QString::fromStdString(paragraph).toStdU32String();
        std::u32string context = text32.substr(0, static_cast<std::size_t>(target.span.start));
        while (!context.empty() && (context.back() == U' ' || context.back() == U'\t'))
            context.pop_back();

        StudyPrompt prompt;
        prompt.text = QString::fromStdU32String(context).toStdString();
        prompt.target = target.core;
        prompt.index = static_cast<std::int64_t>(prompts.size());
        prompt.id = options.idPrefix + std::to_string(k);
        // Fix the players in the file (word#k for a repeated word), so the prompt means the same to every
        // run.
        const std::vector<PromptWord> all = splitPromptWords(prompt.text);
        const std::vector<PromptWord> chosen =
            choosePlayers(prompt.text, "auto:" + std::to_string(options.players), options.seed, stop);
        for (const PromptWord& p : chosen) {
            int occurrence = 0;
            for (const PromptWord& w : all) {
                if (w.core == p.core)
                    ++occurrence;
                if (w.span.start == p.span.start)
                    break;
            }
            prompt.players.push_back(occurrence > 1 ? p.core + "#" + std::to_string(occurrence) : p.core);
        }
        prompts.push_back(std::move(prompt));
    }
    if (skipped)
        *skipped = dropped;
    return prompts;
}

} // namespace interlens
