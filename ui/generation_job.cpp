#include "generation_job.h"

#include <limits>

namespace interlens::ui {

GenerationJob::GenerationJob(const QString& threadName, QObject* parent)
    : QObject(parent), m_context(new QObject)
{
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.setObjectName(threadName);
    m_thread.start();
}

GenerationJob::~GenerationJob()
{
    m_latest.store(std::numeric_limits<quint64>::max()); // every queued job is stale now
    m_thread.quit();
    m_thread.wait();
}

quint64 GenerationJob::start()
{
    return m_latest.fetch_add(1) + 1;
}

void GenerationJob::post(quint64 generation, std::function<void()> job)
{
    setBusy(true);
    QMetaObject::invokeMethod(
        m_context,
        [this, generation, job = std::move(job)] {
            if (isCurrent(generation)) // else superseded before it started
                job();
        },
        Qt::QueuedConnection);
}

void GenerationJob::deliver(quint64 generation, std::function<void()> step)
{
    // Queued to this object's (the owner's) thread; a call still queued when this object is destroyed is
    // dropped with it.
    QMetaObject::invokeMethod(
        this,
        [this, generation, step = std::move(step)] {
            if (isCurrent(generation))
                step();
        },
        Qt::QueuedConnection);
}

void GenerationJob::finish(quint64 generation, std::function<void()> answer)
{
    deliver(generation, [this, answer = std::move(answer)] {
        setBusy(false);
        answer();
    });
}

void GenerationJob::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace interlens::ui
