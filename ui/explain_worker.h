#pragma once

// One explanation job as the GUI runs it off its thread (see RunController): core's pipeline with a cancel
// flag and throttled progress, its outcome reported through callbacks on the job's thread.

#include "explain/explain_run.h"
#include "store/session.h"

#include <QMetaType>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace interlens::ui {

using SessionPtr = std::shared_ptr<const Session>;
// What a job runs; runExplain in the app, a stand-in in tests.
using ExplainFunction = std::function<Session(const ExplainRequest&, const RunControl&)>;

// What a job reports, each called on the job's thread.
struct ExplainJobEvents
{
    // Core's event as it is (common/progress_event.h), a few a second at most.
    std::function<void(const ProgressEvent&)> progress;
    std::function<void(SessionPtr)> finished;
    std::function<void(const QString&)> failed;
    std::function<void()> cancelled;
};

// Runs `function` on `request` and calls exactly one of finished, failed or cancelled (cancelled also when
// `cancel` was set before it began).
void runExplainJob(const ExplainFunction& function, const ExplainRequest& request,
                   const std::atomic<bool>& cancel, const ExplainJobEvents& events);

} // namespace interlens::ui

Q_DECLARE_METATYPE(interlens::ui::SessionPtr)
Q_DECLARE_METATYPE(interlens::ProgressEvent)
