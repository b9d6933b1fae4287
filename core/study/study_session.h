#pragma once

// One prompt of a study as an explanation session, so that the single-prompt views (and `inspect`) can show
// it: the record's model and pair results as they are (the same types as a session's), the study's model
// identities, and the players' spans from the record (files from before the spans were recorded: found again
// the way the study chose them, the prompt's list or auto:n with the study's seed).

#include "store/session.h"
#include "study/study_types.h"

namespace interlens {

// Throws InputError naming the prompt when the record was not scored (skipped or failed; the reason is in the
// message), when it has no vectors (read with loadStudy(path, false): use loadStudyPrompt), or when its
// players cannot be found in its text again.
Session sessionFromStudyRecord(const StudyMeta& meta, const PromptRecord& record);

} // namespace interlens
