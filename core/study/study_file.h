#pragma once

// Study files (HDF5): the study's metadata, one group per prompt record, and the aggregates. Layout in
// README.md
// ("Study files"), versioned by kStudySchemaVersion. Every write is atomic (temporary file + rename), so an
// interrupted write never damages an existing file.

#include "study/study_types.h"

#include <string>

namespace interlens {

// Writes the whole study to `path` atomically. Throws InputError naming the file when it cannot be written.
void saveStudy(const Study& study, const std::string& path);

// Reads a study file. `withVectors` = false leaves every per-prompt vector empty (a quick look at statuses
// and aggregates). Throws InputError naming the file when it is missing, not HDF5, truncated or damaged, not
// a study file, or written by a newer Interlens (larger schema_version).
Study loadStudy(const std::string& path, bool withVectors = true);

// One prompt record of a study file, with its vectors (the GUI opens one prompt of a large study this way).
// Throws InputError naming the file and the prompt when it has no record of prompt `index`.
PromptRecord loadStudyPrompt(const std::string& path, std::int64_t index);

// True when `path` exists and starts like an HDF5 file.
bool studyFileExists(const std::string& path);
// True when `path` is an HDF5 file with a /study group (a study rather than a session); never throws.
bool isStudyFile(const std::string& path);

// One prompt record alone in a small file (a "part": resumable runs keep one per finished prompt),
// atomically.
void savePromptPart(const PromptRecord& record, const std::string& runOptions, const std::string& path);
// Reads a part; throws InputError naming the file when damaged or when its run options differ from
// `runOptions`.
PromptRecord loadPromptPart(const std::string& path, const std::string& runOptions);

} // namespace interlens
