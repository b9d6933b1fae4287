#include "explain_worker.h"

#include "common/error.h"

#include <QElapsedTimer>

namespace interlens::ui {

ExplainWorker::ExplainWorker(ExplainFunction function) : m_function(std::move(function))
{
    qRegisterMetaType<SessionPtr>();
}

void ExplainWorker::run(quint64 generation, const ExplainRequest& request,
                        std::shared_ptr<std::atomic<bool>> cancel)
{
    if (cancel->load()) {
        Q_EMIT cancelled(generation);
        return;
    }
    double lastOverall = 0.0;
    RunControl control;
    control.cancel = cancel.get();
    // At most ~20 updates a second from each callback: the scoring loop reports every batch.
    QElapsedTimer modelThrottle;
    modelThrottle.start();
    control.modelProgress = [&, generation](size_t modelIndex, const std::string& stage, double fraction) {
        if (fraction > 0.0 && fraction < 1.0 && modelThrottle.elapsed() < 50)
            return;
        modelThrottle.restart();
        Q_EMIT progress(generation, static_cast<int>(modelIndex), QString::fromStdString(stage), fraction,
                        lastOverall);
    };
    QElapsedTimer throttle;
    throttle.start();
    control.progress = [&, generation](const std::string& what, double overall) {
        lastOverall = overall;
        if (overall < 1.0 && throttle.elapsed() < 50 && overall > 0.0)
            return;
        throttle.restart();
        Q_EMIT progress(generation, -1, QString::fromStdString(what), 0.0, overall);
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
