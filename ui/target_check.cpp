#include "target_check.h"

#include "explain/target.h"
#include "tokenize/utf8.h"

#include <QObject>
#include <QStringList>

namespace interlens::ui {

TargetSplit splitTarget(const Tokenizer& tokenizer, const std::string& prompt, const std::string& word)
{
    TargetSplit split;
    try {
        const TargetToken first = targetTokenForWord(tokenizer, prompt, word);
        split.firstToken = QString::fromStdString(first.token);
        const Encoding continued = tokenizer.encode(prompt + " " + word, false);
        const int promptLength = static_cast<int>(decodeUtf8(prompt).size());
        for (size_t t = 0; t < continued.size(); ++t)
            if (continued.offsets[t].end > promptLength) {
                ++split.tokens;
                split.unknown =
                    split.unknown || (tokenizer.unkId() && continued.ids[t] == *tokenizer.unkId());
            }
    } catch (const std::exception& e) {
        split.error = QString::fromStdString(e.what());
    }
    return split;
}

TargetNotes targetNotes(const QString& word, const std::vector<NamedTargetSplit>& splits)
{
    if (word.isEmpty() || splits.empty())
        return {};
    QStringList split, unknown, failed;
    int whole = 0;
    for (const NamedTargetSplit& s : splits) {
        if (!s.split.error.isEmpty())
            failed << QStringLiteral("%1: %2").arg(s.model, s.split.error);
        else if (s.split.unknown)
            unknown << s.model;
        else if (s.split.tokens > 1)
            split << QObject::tr("%1 (%2 tokens, scores “%3”)")
                         .arg(s.model)
                         .arg(s.split.tokens)
                         .arg(s.split.firstToken);
        else
            ++whole;
    }
    TargetNotes out;
    QStringList warnings;
    if (whole == 0)
        warnings << QObject::tr("No model has “%1” as one token: is it a word these models know?").arg(word);
    if (!unknown.isEmpty())
        warnings << QObject::tr("Unknown to %1: the tokenizer maps “%2” to its unknown token.")
                        .arg(unknown.join(QStringLiteral(", ")), word);
    if (!failed.isEmpty())
        warnings << QObject::tr("Cannot score it: %1").arg(failed.join(QStringLiteral("; ")));
    if (!split.isEmpty())
        out.notes << QObject::tr("Several tokens for %1: only the first token is scored (method.md §2.1).")
                         .arg(split.join(QStringLiteral(", ")));
    out.warning = warnings.join(QLatin1Char(' '));
    if (!out.warning.isEmpty())
        out.notes.prepend(QObject::tr("Warning: %1").arg(out.warning));
    return out;
}

} // namespace interlens::ui
