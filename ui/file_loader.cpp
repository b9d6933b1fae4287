#include "file_loader.h"

#include "store/session_file.h"
#include "study/study_file.h"

#include <QFileInfo>

namespace interlens::ui {

OpenedFile readOpenedFile(const QString& path, FileKind kind)
{
    OpenedFile file;
    file.path = QFileInfo(path).absoluteFilePath();
    const std::string name = file.path.toStdString();
    file.isStudy = kind == FileKind::Any ? isStudyFile(name) : kind == FileKind::Study;
    try {
        if (file.isStudy)
            file.study = std::make_shared<Study>(loadStudy(name, false));
        else
            file.session = std::make_shared<const Session>(loadSession(name));
    } catch (const std::exception& e) {
        file.error = QString::fromStdString(e.what());
    }
    return file;
}

FileLoader::FileLoader(QObject* parent) : QObject(parent), m_jobs(QStringLiteral("interlens-files"))
{
    qRegisterMetaType<OpenedFilePtr>();
    connect(&m_jobs, &GenerationJob::busyChanged, this, &FileLoader::busyChanged);
}

quint64 FileLoader::open(const QString& path)
{
    const quint64 generation = m_jobs.start();
    m_jobs.post(generation, [this, generation, path] {
        auto file = std::make_shared<OpenedFile>(readOpenedFile(path));
        m_jobs.finish(generation, [this, generation, file] {
            if (file->error.isEmpty())
                Q_EMIT opened(generation, file);
            else
                Q_EMIT failed(generation, file->path, file->isStudy, file->error);
        });
    });
    return generation;
}

} // namespace interlens::ui
