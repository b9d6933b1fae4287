#pragma once

// The one canonical key of an explanation request: every input that changes its result, listed once in a
// field table (requestKeyFields) and hashed through KeyText (store/key_text.h). The GUI's result cache keys
// on all of it (requestKey); a study records the request-wide settings among its run options
// (study/study_options.h: runOptionsJson); the v cache keys on the part that determines v, per model, once
// the tokens are known (store/v_cache.h: vCacheKeyFields, whose model identity is the same weights
// fingerprint).
//
// A model is identified by what is in its folder, not by its path: the weights fingerprint of
// model/checkpoint.h (SHA-256 over every safetensors file's name, size, JSON header and a sample of its data:
// the whole file up to 1 MiB, else 16 evenly spaced 64 KiB chunks), the SHA-256 of config.json and of the
// tokenizer file. Chosen over size + modification time because it is the identity sessions, studies and the
// v cache already record (so the keys agree), it survives copying a model between machines (study shards),
// and a retrained model with the same shapes (same headers and sizes) still differs in its data samples. It
// misses only a change confined to bytes between the samples of a file larger than 1 MiB.

#include "explain/explain_run.h"

#include <string>
#include <vector>

namespace interlens {

// What identifies one model folder's outputs; a folder that cannot be read gets its error as its identity
// (so the key still differs from a readable one, and the run reports the error).
struct ModelFolderIdentity
{
    std::string weightsFingerprint;
    std::string configHash;
    std::string tokenizerHash; // SHA-256 of tokenizer.json (or tokenizer.json.gz) as stored
    std::string error;
};

// Reads the folder's checkpoint headers and data samples, config.json and tokenizer file (milliseconds: no
// weights are loaded). Never throws.
ModelFolderIdentity modelFolderIdentity(const std::string& dir);

// SHA-256 of the folder's tokenizer.json (or tokenizer.json.gz) bytes, "" when it has neither; InputError for
// something that is not a regular file or is too large.
std::string tokenizerFileHash(const std::string& dir);

// Which part of the result a field determines.
enum class KeyScope {
    Prompt,  // the prompt's own inputs: prompt, players, target (a study varies them per prompt)
    Setting, // request-wide settings: seed, baseline and its training, solver modes and thresholds, dtype
    Model,   // the models' identities (a study records them in its model list)
    Machine, // where it runs (the device): numbers agree up to rounding, so only the GUI cache keys on it
};

struct RequestKeyField
{
    std::string name;
    std::string value; // canonical text (doubles exact, "%.17g")
    KeyScope scope;
};

// The field table: every input of `request` that changes its Session, in a fixed order; `models` are the
// identities of request.modelDirs (same order). A new input that changes a result is added here, once.
std::vector<RequestKeyField> requestKeyFields(const ExplainRequest& request,
                                              const std::vector<ModelFolderIdentity>& models);

// Lower-case hex SHA-256 of the canonical text of every field (all scopes).
std::string requestKey(const ExplainRequest& request, const std::vector<ModelFolderIdentity>& models);
// The same, reading each folder's identity (modelFolderIdentity).
std::string requestKey(const ExplainRequest& request);

} // namespace interlens
