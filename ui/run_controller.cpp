#include "run_controller.h"

#include "explain/model_pool.h"
#include "explain/request_key.h"

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

RunController::RunController(ExplainFunction function, QObject* parent)
    : QObject(parent), m_function(function ? std::move(function) : runnerWithModelPool(ModelPool::shared())),
      m_jobs(QStringLiteral("interlens-explain"))
{
    qRegisterMetaType<SessionPtr>();
    qRegisterMetaType<ProgressEvent>();
    connect(&m_jobs, &GenerationJob::busyChanged, this, &RunController::busyChanged);
}

RunController::~RunController()
{
    if (m_cancel)
        m_cancel->store(true);
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
        m_cancel->store(true); // the previous job stops at its next check; what it reports is stale
    const quint64 generation = m_jobs.start();
    m_currentKey = requestKey(request);
    if (m_cacheEnabled) {
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
            if (it->first != m_currentKey)
                continue;
            SessionPtr session = it->second;
            m_cache.splice(m_cache.begin(), m_cache, it);
            m_cancel.reset();
            m_jobs.idle();
            Q_EMIT finished(generation, session, true);
            return generation;
        }
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_jobs.post(generation, [this, generation, request, cancel = m_cancel] {
        // Each outcome goes back to the GUI thread, where a superseded generation's is dropped.
        ExplainJobEvents events;
        events.progress = [this, generation](const ProgressEvent& event) {
            m_jobs.deliver(generation, [this, generation, event] { Q_EMIT progress(generation, event); });
        };
        events.finished = [this, generation](SessionPtr session) {
            m_jobs.finish(generation, [this, generation, session] { onFinished(generation, session); });
        };
        events.failed = [this, generation](const QString& message) {
            m_jobs.finish(generation, [this, generation, message] {
                m_cancel.reset();
                Q_EMIT failed(generation, message);
            });
        };
        events.cancelled = [this, generation] {
            m_jobs.finish(generation, [this, generation] {
                m_cancel.reset();
                Q_EMIT cancelled(generation);
            });
        };
        runExplainJob(m_function, request, *cancel, events);
    });
    Q_EMIT started(generation, static_cast<int>(request.modelDirs.size())); // before anything the job sends
    return generation;
}

void RunController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void RunController::onFinished(quint64 generation, SessionPtr session)
{
    if (m_cacheEnabled) {
        m_cache.emplace_front(m_currentKey, session);
        if (m_cache.size() > kCacheSize)
            m_cache.pop_back();
    }
    m_cancel.reset();
    Q_EMIT finished(generation, std::move(session), false);
}

} // namespace interlens::ui
