#include "session_controller.h"

#include "store/session_file.h"

#include <QFileInfo>
#include <QSettings>

namespace interlens::ui {

namespace {
const char* kRecentKey = "recentFiles";
constexpr int kMaxRecent = 8;
} // namespace

SessionController::SessionController(QObject* parent) : QObject(parent), m_model(this), m_selection(&m_model)
{
    connect(&m_selection, &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        Q_EMIT currentCoalitionChanged(current.isValid() ? current.row() : -1);
    });
}

void SessionController::setSession(std::shared_ptr<const Session> session, const QString& path)
{
    const int extraction = session ? defaultExtraction(*session) : kSingleModel;
    m_filePath = path;
    show(std::move(session), extraction);
}

void SessionController::setExtraction(int extraction)
{
    if (m_data.session && extraction != m_data.extraction)
        show(m_data.session, extraction);
}

void SessionController::show(std::shared_ptr<const Session> session, int extraction)
{
    m_selection.clear();
    m_model.setSessionData(nullptr);
    m_data = buildSessionData(std::move(session), extraction);
    m_model.setSessionData(&m_data);
    Q_EMIT sessionChanged();
    // Start on the strongest coalition, so every view shows something at once.
    selectRow(m_data.coalitions.empty() ? -1 : 0);
}

void SessionController::clear()
{
    setSession(nullptr);
}

void SessionController::showOpened(std::shared_ptr<const Session> session, const QString& path)
{
    setSession(std::move(session), path);
    addRecentFile(m_filePath);
    Q_EMIT recentFilesChanged();
}

bool SessionController::save(const QString& path, QString* error)
{
    if (!m_data.session) {
        if (error)
            *error = tr("There is no session to save: run an explanation or open a file first.");
        return false;
    }
    try {
        saveSession(*m_data.session, path.toStdString());
        m_filePath = QFileInfo(path).absoluteFilePath();
        addRecentFile(m_filePath);
        Q_EMIT recentFilesChanged();
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

int SessionController::currentRow() const
{
    const QModelIndex current = m_selection.currentIndex();
    return current.isValid() ? current.row() : -1;
}

const Coalition* SessionController::currentCoalition() const
{
    return m_model.coalition(currentRow());
}

void SessionController::selectRow(int row)
{
    if (row < 0 || row >= m_model.rowCount()) {
        m_selection.clear();
        Q_EMIT currentCoalitionChanged(-1);
        return;
    }
    if (row == currentRow())
        return;
    m_selection.setCurrentIndex(m_model.index(row, 0),
                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void SessionController::selectCoalition(InteractionType type, std::uint32_t mask)
{
    const int row = m_data.find(type, mask);
    if (row >= 0)
        selectRow(row);
}

QStringList SessionController::recentFiles()
{
    return QSettings().value(kRecentKey).toStringList();
}

void SessionController::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList list = settings.value(kRecentKey).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    settings.setValue(kRecentKey, list);
}

} // namespace interlens::ui
