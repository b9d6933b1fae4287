#include "explain_worker.h"

#include "common/error.h"

#include <QElapsedTimer>

#include <optional>

namespace interlens::ui {

ExplainWorker::ExplainWorker(ExplainFunction function) : m_function(std::move(function))
{
    qRegisterMetaType<SessionPtr>();
    qRegisterMetaType<ProgressEvent>();
}

void ExplainWorker::run(quint64 generation, const ExplainRequest& request,
                        std::shared_ptr<std::atomic<bool>> cancel)
{
    if (cancel->load()) {
        Q_EMIT cancelled(generation);
        return;
    }
    RunControl control;
    control.cancel = cancel.get();
    // At most ~20 updates a second (the scoring loop reports every batch), but every change of stage and
    // every start and end of one.
    QElapsedTimer throttle;
    throttle.start();
    std::optional<ProgressStage> lastStage;
    control.progress = [&, generation](const ProgressEvent& event) {
        const bool boundary = event.fraction <= 0.0 || event.fraction >= 1.0 || event.stage != lastStage;
        if (!boundary && throttle.elapsed() < 50)
            return;
        throttle.restart();
        lastStage = event.stage;
        Q_EMIT progress(generation, event);
    };
    try {
        auto session = std::make_shared<const Session>(m_function(request, control));
        if (cancel->load())
            Q_EMIT cancelled(generation);
        else
            Q_EMIT finished(generation, std::move(session));
    } catch (const CancelledError&) {
        Q_EMIT cancelled(generation);
    } catch (const std::exception& e) {
        Q_EMIT failed(generation, QString::fromStdString(e.what()));
    } catch (...) {
        Q_EMIT failed(generation, tr("unknown error"));
    }
}

} // namespace interlens::ui
