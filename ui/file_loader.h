#pragma once

// The GUI's one reader of session and study files (readOpenedFile), and FileLoader, which moves that call to
// a worker thread (GenerationJob: a newer open() supersedes an older one, whose result is dropped). The File
// menu, recent files and drops open in the background; `interlens figure`, the screenshot path and tests call
// the reader directly, through MainWindow's blocking opens.

#include "generation_job.h"
#include "store/session.h"
#include "study/study_types.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

namespace interlens::ui {

// Which kind of file a caller expects: Any goes by the file's own signature (study/study_file.h).
enum class FileKind { Any, Session, Study };

// What one file held: a session, or a study read without its per-prompt vectors; or why it could not be read.
struct OpenedFile
{
    QString path;                           // absolute
    bool isStudy = false;                   // read (or tried) as a study
    std::shared_ptr<const Session> session; // set for a session file
    std::shared_ptr<Study> study;           // set for a study file
    QString error;                          // non-empty when the file could not be read (names the file)
};
using OpenedFilePtr = std::shared_ptr<OpenedFile>;

// Reads one file on the calling thread; never throws (see OpenedFile::error).
OpenedFile readOpenedFile(const QString& path, FileKind kind = FileKind::Any);

class FileLoader : public QObject
{
    Q_OBJECT
public:
    explicit FileLoader(QObject* parent = nullptr);

    // Starts readOpenedFile(path) on the worker thread; returns its generation at once.
    quint64 open(const QString& path);
    quint64 generation() const { return m_jobs.generation(); }
    bool isBusy() const { return m_jobs.isBusy(); }

Q_SIGNALS:
    void opened(quint64 generation, interlens::ui::OpenedFilePtr file);
    // `isStudy`: whether the file looked like a study (for the dialog's title).
    void failed(quint64 generation, const QString& path, bool isStudy, const QString& message);
    void busyChanged(bool busy);

private:
    GenerationJob m_jobs; // last: destroyed first, waiting for the running read
};

} // namespace interlens::ui

Q_DECLARE_METATYPE(interlens::ui::OpenedFilePtr)
