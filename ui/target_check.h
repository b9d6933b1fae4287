#pragma once

// How a model's tokenizer splits the target word after the prompt, for the notes the run panel shows before a
// run: method.md scores the word's first token only, so a word split into several tokens is scored by its
// first piece, and a word that every model splits is most likely not a word the models know.

#include "tokenize/tokenizer.h"

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace interlens::ui {

struct TargetSplit
{
    int tokens = 0;       // tokens the word takes after the prompt (0 when it could not be tokenized)
    QString firstToken;   // the token scored ("Ġpark")
    bool unknown = false; // the tokenizer maps (part of) it to its unknown token
    QString error;        // why it cannot be scored (merges with the prompt, whitespace, ...)
};

TargetSplit splitTarget(const Tokenizer& tokenizer, const std::string& prompt, const std::string& word);

struct NamedTargetSplit
{
    QString model;
    TargetSplit split;
};

// What the run panel says about a target word, in plain words: notes (the models that split the word and
// score its first token) and a warning to confirm before a run (no model has it as one token, a tokenizer
// does not know it, or a model cannot score it). Both empty when there is nothing to say.
struct TargetNotes
{
    QStringList notes;
    QString warning;
};
TargetNotes targetNotes(const QString& word, const std::vector<NamedTargetSplit>& splits);

} // namespace interlens::ui
