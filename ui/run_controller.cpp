#include "run_controller.h"

#include "explain/model_pool.h"
#include "explain/request_key.h"

#include <QTimer>

namespace interlens::ui {

namespace {
constexpr size_t kCacheSize = 16;

// The app's runner: models come from the process's model pool (explain/model_pool.h), shared with the target
// picker's predictions, so a re-run pays only for what changed and a model is loaded once for both; a model
// saved into its folder again is loaded again (the pool keys on the weights fingerprint).
ExplainFunction runnerWithModelPool(std::shared_ptr<ModelPool> pool)
{
    return [pool](const ExplainRequest& request, const RunControl& control) {
        return runExplain(request, pool->getAll(request.modelDirs, request.device, control), control);
    };
}
} // namespace

RunController::RunController(ExplainFunction function, QObject* parent) : QObject(parent)
{
    qRegisterMetaType<SessionPtr>();
    if (!function)
        function = runnerWithModelPool(ModelPool::shared());
    m_worker = new ExplainWorker(std::move(function));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Cross-thread connections are queued: these slots run on the GUI thread.
    connect(m_worker, &ExplainWorker::progress, this, &RunController::onProgress);
    connect(m_worker, &ExplainWorker::finished, this, &RunController::onFinished);
    connect(m_worker, &ExplainWorker::failed, this, &RunController::onFailed);
    connect(m_worker, &ExplainWorker::cancelled, this, &RunController::onCancelled);
    m_thread.setObjectName(QStringLiteral("interlens-explain"));
    m_thread.start();
}

RunController::~RunController()
{
    if (m_cancel)
        m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
}

QString RunController::requestKey(const ExplainRequest& r)
{
    // The canonical key of core (explain/request_key.h): models by their weights fingerprint, so a model
    // retrained into the same folder misses the cache.
    return QString::fromStdString(interlens::requestKey(r));
}

quint64 RunController::submit(const ExplainRequest& request)
{
    if (m_cancel)
        m_cancel->store(true); // the previous job stops at its next check; its signals will be stale
    const quint64 generation = ++m_generation;
    m_currentKey = requestKey(request);
    if (m_cacheEnabled) {
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
            if (it->first != m_currentKey)
                continue;
            SessionPtr session = it->second;
            m_cache.splice(m_cache.begin(), m_cache, it);
            m_cancel.reset();
            setBusy(false);
            Q_EMIT finished(generation, session, true);
            return generation;
        }
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    setBusy(true);
    Q_EMIT started(generation, static_cast<int>(request.modelDirs.size()));
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, generation, request, cancel = m_cancel] {
            worker->run(generation, request, cancel);
        },
        Qt::QueuedConnection);
    return generation;
}

void RunController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void RunController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void RunController::onProgress(quint64 generation, const ProgressEvent& event)
{
    if (generation == m_generation)
        Q_EMIT progress(generation, event);
}

void RunController::onFinished(quint64 generation, SessionPtr session)
{
    if (generation != m_generation)
        return; // a newer request replaced this one
    if (m_cacheEnabled) {
        m_cache.emplace_front(m_currentKey, session);
        if (m_cache.size() > kCacheSize)
            m_cache.pop_back();
    }
    m_cancel.reset();
    setBusy(false);
    Q_EMIT finished(generation, std::move(session), false);
}

void RunController::onFailed(quint64 generation, const QString& message)
{
    if (generation != m_generation)
        return;
    m_cancel.reset();
    setBusy(false);
    Q_EMIT failed(generation, message);
}

void RunController::onCancelled(quint64 generation)
{
    if (generation != m_generation)
        return;
    m_cancel.reset();
    setBusy(false);
    Q_EMIT cancelled(generation);
}

} // namespace interlens::ui
