#pragma once

// Reads session and study files off the GUI thread, the way RunController runs explanations: one worker
// thread, a generation number per request, results through queued calls on the GUI thread, and only the
// newest request answered (a newer open() supersedes an older one: its result is dropped, and a request not
// yet started when superseded is skipped).

#include "store/session.h"
#include "study/study_types.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace interlens::ui {

// What one file held: a session, or a study read without its per-prompt vectors.
struct OpenedFile
{
    QString path; // absolute
    bool isStudy = false;
    std::shared_ptr<const Session> session; // set for a session file
    std::shared_ptr<Study> study;           // set for a study file
};
using OpenedFilePtr = std::shared_ptr<OpenedFile>;

class FileLoader : public QObject
{
    Q_OBJECT
public:
    explicit FileLoader(QObject* parent = nullptr);
    ~FileLoader() override;

    // Starts reading `path` on the worker thread; returns its generation at once.
    quint64 open(const QString& path);
    quint64 generation() const { return m_generation; }
    bool isBusy() const { return m_busy; }

    // Reads one file now, on the calling thread (what open() runs; the blocking opens use it too). Throws
    // InputError naming the file when it cannot be read.
    static OpenedFile read(const QString& path);

Q_SIGNALS:
    void opened(quint64 generation, interlens::ui::OpenedFilePtr file);
    // `isStudy`: whether the file looked like a study (for the dialog's title).
    void failed(quint64 generation, const QString& path, bool isStudy, const QString& message);
    void busyChanged(bool busy);

private:
    void deliver(quint64 generation, OpenedFilePtr file, const QString& path, bool isStudy,
                 const QString& error);
    void setBusy(bool busy);

    QThread m_thread;
    QObject* m_worker; // lives in m_thread; jobs run in its thread
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest; // m_generation, readable from the worker thread
    bool m_busy = false;
};

} // namespace interlens::ui

Q_DECLARE_METATYPE(interlens::ui::OpenedFilePtr)
