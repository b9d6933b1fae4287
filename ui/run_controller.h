#pragma once

// Runs explanations off the GUI thread (runExplainJob on a GenerationJob), with a cancel flag per job and a
// small cache of finished sessions. submit() cancels whatever runs and makes the new request the only one
// whose results are shown (the newest wins); its signals are emitted on the GUI thread.

#include "explain_worker.h"
#include "generation_job.h"

#include <QObject>

#include <list>

namespace interlens::ui {

class RunController : public QObject
{
    Q_OBJECT
public:
    // An empty `function` means core's runExplain on models from ModelPool::shared() (kept between runs).
    explicit RunController(ExplainFunction function = {}, QObject* parent = nullptr);
    ~RunController() override;

    // Starts a run (or answers from the cache at once, with fromCache). Returns its generation.
    quint64 submit(const ExplainRequest& request);
    // Cancels the current run; its cancelled() signal follows.
    void cancel();
    bool isBusy() const { return m_jobs.isBusy(); }
    quint64 generation() const { return m_jobs.generation(); }
    void setCacheEnabled(bool enabled) { m_cacheEnabled = enabled; }

    // The cache key: everything in a request that changes the result (explain/request_key.h).
    static QString requestKey(const ExplainRequest& request);

Q_SIGNALS:
    void started(quint64 generation, int modelCount);
    void progress(quint64 generation, const interlens::ProgressEvent& event);
    void finished(quint64 generation, interlens::ui::SessionPtr session, bool fromCache);
    void failed(quint64 generation, const QString& message);
    void cancelled(quint64 generation);
    void busyChanged(bool busy);

private:
    void onFinished(quint64 generation, SessionPtr session);

    const ExplainFunction m_function; // called on the job's thread
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QString m_currentKey;
    bool m_cacheEnabled = true;
    std::list<std::pair<QString, SessionPtr>> m_cache; // most recent first
    GenerationJob m_jobs;                              // last: destroyed first, waiting for the running job
};

} // namespace interlens::ui
