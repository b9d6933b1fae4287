#pragma once

// The GUI's one mechanism for background work (runs, file opens, predictions): one worker thread per kind of
// job, a generation number per request, and only the newest request answered. start() supersedes every
// earlier request: a job not yet started when superseded is skipped, and what a superseded job delivers is
// dropped on the owner's thread. Jobs hand results back through queued calls, so they arrive on the thread
// that made the GenerationJob (the GUI thread), after any newer start() there.
//
// An owner keeps its GenerationJob as its last member: it is destroyed first, and waits for the running job,
// while whatever that job uses is still there.

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>

namespace interlens::ui {

class GenerationJob : public QObject
{
    Q_OBJECT
public:
    explicit GenerationJob(const QString& threadName, QObject* parent = nullptr);
    // Supersedes every request (queued jobs are skipped), then waits for the running one to return.
    ~GenerationJob() override;

    // A new request (owner's thread): returns its generation; every earlier one is stale from now on.
    quint64 start();
    quint64 generation() const { return m_latest.load(); }
    // Whether `generation` is still the newest request; any thread (a job checks it between steps).
    bool isCurrent(quint64 generation) const { return m_latest.load() == generation; }

    // Runs `job` on the worker thread, unless `generation` is superseded before it starts; busy until the
    // request is answered (finish) or superseded by one answered at once (idle).
    void post(quint64 generation, std::function<void()> job);
    // From a job: runs `step` on the owner's thread if `generation` is still the newest then.
    void deliver(quint64 generation, std::function<void()> step);
    // The same for the request's last word (its result, error or cancellation): not busy any more.
    void finish(quint64 generation, std::function<void()> answer);
    // The newest request was answered on the owner's thread without a job.
    void idle() { setBusy(false); }
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void setBusy(bool busy);

    QThread m_thread;
    QObject* m_context; // lives in m_thread: jobs run in its thread
    std::atomic<quint64> m_latest{0};
    bool m_busy = false;
};

} // namespace interlens::ui
