#include "file_loader.h"

#include "store/session_file.h"
#include "study/study_file.h"

#include <QFileInfo>

namespace interlens::ui {

FileLoader::FileLoader(QObject* parent)
    : QObject(parent), m_worker(new QObject), m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<OpenedFilePtr>();
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("interlens-files"));
    m_thread.start();
}

FileLoader::~FileLoader()
{
    m_latest->store(~quint64{0}); // every queued job is stale now
    m_thread.quit();
    m_thread.wait();
}

OpenedFile FileLoader::read(const QString& path)
{
    OpenedFile file;
    file.path = QFileInfo(path).absoluteFilePath();
    file.isStudy = isStudyFile(file.path.toStdString());
    if (file.isStudy)
        file.study = std::make_shared<Study>(loadStudy(file.path.toStdString(), false));
    else
        file.session = std::make_shared<const Session>(loadSession(file.path.toStdString()));
    return file;
}

quint64 FileLoader::open(const QString& path)
{
    const quint64 generation = ++m_generation;
    m_latest->store(generation);
    setBusy(true);
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation, path, latest = m_latest] {
            if (latest->load() != generation)
                return; // superseded before it started
            OpenedFilePtr file;
            QString error;
            try {
                file = std::make_shared<OpenedFile>(read(path));
            } catch (const std::exception& e) {
                error = QString::fromStdString(e.what());
            }
            const bool isStudy = file ? file->isStudy : isStudyFile(path.toStdString());
            // Back on the GUI thread (queued: `this` lives there); the destructor waits for this thread, so
            // `this` outlives the call.
            QMetaObject::invokeMethod(
                this, [=, this] { deliver(generation, file, path, isStudy, error); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

void FileLoader::deliver(quint64 generation, OpenedFilePtr file, const QString& path, bool isStudy,
                         const QString& error)
{
    if (generation != m_generation)
        return; // a newer open() replaced this one
    setBusy(false);
    if (file)
        Q_EMIT opened(generation, std::move(file));
    else
        Q_EMIT failed(generation, path, isStudy, error);
}

void FileLoader::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace interlens::ui
