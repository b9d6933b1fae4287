#include "explain_worker.h"

#include "common/error.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <optional>

namespace interlens::ui {

void runExplainJob(const ExplainFunction& function, const ExplainRequest& request,
                   const std::atomic<bool>& cancel, const ExplainJobEvents& events)
{
    if (cancel.load())
        return events.cancelled();
    RunControl control;
    control.cancel = &cancel;
    // At most ~20 updates a second (the scoring loop reports every batch), but every change of stage and
    // every start and end of one.
    QElapsedTimer throttle;
    throttle.start();
    std::optional<ProgressStage> lastStage;
    control.progress = [&](const ProgressEvent& event) {
        const bool boundary = event.fraction <= 0.0 || event.fraction >= 1.0 || event.stage != lastStage;
        if (!boundary && throttle.elapsed() < 50)
            return;
        throttle.restart();
        lastStage = event.stage;
        events.progress(event);
    };
    try {
        auto session = std::make_shared<const Session>(function(request, control));
        if (cancel.load())
            events.cancelled();
        else
            events.finished(std::move(session));
    } catch (const CancelledError&) {
        events.cancelled();
    } catch (const std::exception& e) {
        events.failed(QString::fromStdString(e.what()));
    } catch (...) {
        events.failed(QCoreApplication::translate("interlens::ui::RunController", "unknown error"));
    }
}

} // namespace interlens::ui
