#pragma once

// The session on screen: the Session, the SessionData every view reads, the coalition item model and the one
// QItemSelectionModel all views follow (the "current coalition"). Opening and saving HDF5 files and the list
// of recent files (QSettings) live here too.

#include "coalition_table_model.h"
#include "session_data.h"

#include <QItemSelectionModel>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace interlens::ui {

class SessionController : public QObject
{
    Q_OBJECT
public:
    explicit SessionController(QObject* parent = nullptr);

    const SessionData& data() const { return m_data; }
    bool hasSession() const { return m_data.session != nullptr; }
    CoalitionTableModel* coalitionModel() { return &m_model; }
    QItemSelectionModel* selectionModel() { return &m_selection; }
    QString filePath() const { return m_filePath; }

    // Shows `session` (from a run or a file) in its default extraction (defaultExtraction). `path` is the
    // file it came from ("" for an unsaved run).
    void setSession(std::shared_ptr<const Session> session, const QString& path = {});
    // Shows the joint extraction of pair `extraction` (an index into Session::pairs) or kSingleModel.
    void setExtraction(int extraction);
    void clear();

    // Save; false with a message (naming the file) on failure.
    bool save(const QString& path, QString* error);
    // Shows a session read from the file `path` (by readOpenedFile, file_loader.h) and records it as recent.
    void showOpened(std::shared_ptr<const Session> session, const QString& path);

    // The current coalition's row in coalitionModel() (-1 when none) and selecting one (-1 clears).
    int currentRow() const;
    const Coalition* currentCoalition() const;
    void selectRow(int row);
    void selectCoalition(InteractionType type, std::uint32_t mask);

    static QStringList recentFiles();
    static void addRecentFile(const QString& path);

Q_SIGNALS:
    void sessionChanged();
    void currentCoalitionChanged(int row);
    void recentFilesChanged();

private:
    void show(std::shared_ptr<const Session> session, int extraction);

    SessionData m_data;
    CoalitionTableModel m_model;
    QItemSelectionModel m_selection;
    QString m_filePath;
};

} // namespace interlens::ui
