#pragma once

// The one line that says what a view shows, under every export and in the status bar: which models, target,
// baseline, and which extraction (a pair's joint extraction or the single-model one) with its solver mode.
// A figure without it can be mistaken for another run's.

#include <QString>

namespace interlens::ui {

struct SessionData;
class StudyController;

// For a single-prompt view of `data`. `kappaGraph`: the κ graph shows every model and each pair's own joint
// extraction, whatever the other views show.
QString sessionCaption(const SessionData& data, bool kappaGraph = false);

// For a study figure: the study's models, the pair shown, baseline, solver mode, prompts kept and κ variant.
QString studyCaption(const StudyController& controller);

} // namespace interlens::ui
