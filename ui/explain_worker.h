#pragma once

// The object that runs core's explanation pipeline off the GUI thread. It lives in a worker QThread (see
// RunController); each job carries its generation number and its own cancel flag, and every signal carries
// the generation so the controller can drop what is stale.

#include "explain/explain_run.h"
#include "store/session.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace interlens::ui {

using SessionPtr = std::shared_ptr<const Session>;
// What a job runs; runExplain in the app, a stand-in in tests.
using ExplainFunction = std::function<Session(const ExplainRequest&, const RunControl&)>;

class ExplainWorker : public QObject
{
    Q_OBJECT
public:
    explicit ExplainWorker(ExplainFunction function);

    // Runs one job in this object's thread (called through a queued invocation). Emits exactly one of
    // finished, failed or cancelled.
    void run(quint64 generation, const ExplainRequest& request, std::shared_ptr<std::atomic<bool>> cancel);

Q_SIGNALS:
    // Core's event as it is (common/progress_event.h), a few a second at most.
    void progress(quint64 generation, const interlens::ProgressEvent& event);
    void finished(quint64 generation, interlens::ui::SessionPtr session);
    void failed(quint64 generation, const QString& message);
    void cancelled(quint64 generation);

private:
    ExplainFunction m_function;
};

} // namespace interlens::ui

Q_DECLARE_METATYPE(interlens::ui::SessionPtr)
Q_DECLARE_METATYPE(interlens::ProgressEvent)
