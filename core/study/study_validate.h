#pragma once

#include "study/study_types.h"

#include <string>

namespace interlens {

// Checks a loaded study file for contents that are well-formed HDF5 but cannot be true of any run: a prompt
// count beyond any prompt file, a record index outside the prompts or the file's shard, records out of order,
// vectors whose length is not 2^n for the record's n players, shared masks naming players that do not exist,
// models or pairs that do not match the study's models. Throws InputError naming `path` and the record and
// field. merge and a resumed run call it on every file they read, so such a file is never merged or
// completed as if it were fine.
void validateStudy(const Study& study, const std::string& path);

// The per-record part of validateStudy, for a record read on its own (a resumed run's parts).
void validateRecord(const PromptRecord& record, const std::vector<StudyModel>& studyModels,
                    const std::string& path);

// The largest prompt count a study file may state (a prompt file of a billion lines is not a study).
inline constexpr std::int64_t kMaxStudyPrompts = 100'000'000;

} // namespace interlens
