#pragma once

// The coalitions of a session as a table: one row per (type, mask), columns words, type, order, the effect in
// each model, the number of models sharing it and max |I|. Every view selects rows of this model (one
// QItemSelectionModel, owned by SessionController).

#include "session_data.h"

#include <QAbstractTableModel>

namespace interlens::ui {

class CoalitionTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { WordsColumn = 0, TypeColumn, OrderColumn, FirstModelColumn };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers for numeric columns, text otherwise
        MaskRole,
        TypeRole, // int(InteractionType)
        OrderRole,
        SharedCountRole,
        MaxAbsRole,
    };

    explicit CoalitionTableModel(QObject* parent = nullptr);

    void setSessionData(const SessionData* data); // not owned; null clears
    const SessionData* sessionData() const { return m_data; }
    const Coalition* coalition(int row) const;

    int sharedColumn() const;
    int maxAbsColumn() const;
    int modelColumn(int shownIndex) const { return FirstModelColumn + shownIndex; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString tooltip(const Coalition& c) const;
    const SessionData* m_data = nullptr;
};

} // namespace interlens::ui
